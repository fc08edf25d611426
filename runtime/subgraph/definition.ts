import type { GraphQLSchema } from 'graphql';
import type { z } from 'zod';
import type { ReadinessCheck } from '../health';
import type { Logger } from '../logger';

/** The stores a subgraph opened, how to tell they answer, and how to close them. */
export interface OpenedStores<TStores> {
  stores: TStores;
  readiness: ReadinessCheck[];
  close: () => Promise<void>;
}

/** Everything that makes one subgraph; the runtime does the rest the same way for all eight. */
export interface SubgraphDefinition<TEnv extends z.ZodRawShape, TStores, TLoaders> {
  name: string;
  defaultPort: number;
  /** Environment variables this subgraph needs beyond PORT, HOST, NODE_ENV and LOG_LEVEL. */
  env: TEnv;
  /** Builds the schema; needs no connection, so `npm run compose` can call it. */
  schema: () => GraphQLSchema;
  openStores: (config: z.infer<z.ZodObject<TEnv>>, logger: Logger) => Promise<OpenedStores<TStores>>;
  loaders: (stores: TStores) => TLoaders;
}

export function defineSubgraph<TEnv extends z.ZodRawShape, TStores, TLoaders>(
  definition: SubgraphDefinition<TEnv, TStores, TLoaders>,
): SubgraphDefinition<TEnv, TStores, TLoaders> {
  return definition;
}
