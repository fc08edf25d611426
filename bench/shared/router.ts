import { join } from 'node:path';
import { testEnv } from '../../test/support/test-env';
import { SERVICE_NODE_FLAGS } from '../../runtime/service-node-flags';
import { answersGraphQL, startOnFreePort, type RunningServer } from './graphql-server';
import { distRoot, type SubgraphFleet } from './subgraph-fleet';

export const supergraphPath = join(distRoot, '..', 'schema', 'supergraph.graphql');

/**
 * Per-minute rate limits of the router at their maximum (router/protection/protection-env.ts), far above what
 * a benchmark's one customer or staff member sends, so the limiter is passed but is not what stops requests.
 */
export const generousRouterLimits: Record<string, string> = Object.fromEntries(
  ['QUERY', 'MUTATION', 'ANONYMOUS_QUERY', 'ANONYMOUS_MUTATION'].map((kind) => [`ROUTER_RATE_LIMIT_${kind}_PER_MINUTE`, '1000000']),
);

/**
 * The router as it runs in production (`node dist/router/main.js`, NODE_ENV=production) in front of the
 * benchmark's subgraphs, with the tests' stores and the benchmark's keys; `env` adds or overrides settings
 * (its response cache, its limits).
 */
export function startBenchRouter(name: string, fleet: SubgraphFleet, jwksUrl: string, env: Record<string, string> = {}): Promise<RunningServer> {
  return startOnFreePort(
    name,
    'router/main.js',
    {
      ...testEnv,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SUPERGRAPH_PATH: supergraphPath,
      AUTH_JWKS_URL: jwksUrl,
      ...fleet.routingEnv,
      ...env,
    },
    answersGraphQL,
    SERVICE_NODE_FLAGS.router,
  );
}
