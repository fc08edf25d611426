import type { z } from 'zod';
import type { SubgraphDefinition } from '../../runtime/subgraph/definition';
import { startSubgraph, type StartedSubgraph } from '../../runtime/subgraph/start';
import { testEnv } from './test-env';

/** Starts a subgraph on a free port against the test stores. */
export function startTestSubgraph<TEnv extends z.ZodRawShape, TStores, TLoaders>(
  definition: SubgraphDefinition<TEnv, TStores, TLoaders>,
  env: Record<string, string> = {},
): Promise<StartedSubgraph<TStores>> {
  return startSubgraph(definition, { ...testEnv, PORT: '0', ...env });
}
