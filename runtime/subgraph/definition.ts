import type { Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import type { IRules } from 'graphql-shield';
import type { JWTVerifyGetKey } from 'jose';
import type { Registry } from 'prom-client';
import type { z } from 'zod';
import type { Logger } from '../logger';
import type { OpenedStores } from '../stores/opened-stores';

export type { OpenedStores };

/** Everything that makes one subgraph; the runtime does the rest the same way for all eight. */
export interface SubgraphDefinition<TEnv extends z.ZodRawShape, TProviders, TLoaders> {
  name: string;
  /** Its public port unless PORT says otherwise; its metrics port is this + 6000 unless METRICS_PORT does (runtime/metrics-server.ts). */
  defaultPort: number;
  /** Environment variables this subgraph needs beyond PORT, HOST, METRICS_PORT, METRICS_HOST, NODE_ENV and LOG_LEVEL. */
  env: TEnv;
  /** Builds the schema; needs no connection, so `npm run compose` can call it. */
  schema: () => GraphQLSchema;
  /** `registry` is the service's metrics, for what its stores and event consumers report (queue depth, outbox backlog). */
  openStores: (config: z.infer<z.ZodObject<TEnv>>, logger: Logger, registry: Registry) => Promise<OpenedStores<TProviders>>;
  loaders: (providers: TProviders) => TLoaders;
  /** graphql-shield rules per type and field; whatever they do not allow is denied. */
  permissions: IRules;
  /** Keys to verify access tokens with, when not the auth service's JWKS URL (the auth service itself). */
  tokenKeys?: (providers: TProviders) => JWTVerifyGetKey;
  /** Extra HTTP routes beside /graphql (the auth service's JWKS). */
  routes?: (app: Express, providers: TProviders) => void;
}

export function defineSubgraph<TEnv extends z.ZodRawShape, TProviders, TLoaders>(
  definition: SubgraphDefinition<TEnv, TProviders, TLoaders>,
): SubgraphDefinition<TEnv, TProviders, TLoaders> {
  return definition;
}
