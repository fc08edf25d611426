import { join } from 'node:path';
import { testEnv } from '../../test/support/test-env';
import { answersGet, freePort, startServiceProcess, type ServiceProcess } from './processes';
import { distRoot, type SubgraphFleet } from './subgraph-fleet';

/** What every target needs to start: where the subgraphs and the keys are, and the bare server's answers. */
export interface TargetSetting {
  fleet: SubgraphFleet;
  jwksUrl: string;
  /** Operation name → a real response body of it (what the bare server answers). */
  bareResponses: Record<string, string>;
}

export interface RunningTarget {
  url: string;
  process: ServiceProcess;
}

export interface Target {
  name: 'bare' | 'stock-gateway' | 'router-cache-off' | 'router-cache-on';
  what: string;
  start: (setting: TargetSetting) => Promise<RunningTarget>;
}

const supergraphPath = join(distRoot, '..', 'schema', 'supergraph.graphql');

/** Ready once it answers a GraphQL operation (the gateway has loaded the supergraph). */
const answersGraphQL = (url: string) => async () =>
  (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).ok;

async function startOnFreePort(name: string, script: string, env: Record<string, string>, probe: (url: string) => () => Promise<boolean> = answersGraphQL): Promise<RunningTarget> {
  const port = String(await freePort());
  const url = `http://127.0.0.1:${port}/graphql`;
  const process = await startServiceProcess(name, join(distRoot, script), { ...env, PORT: port, HOST: '127.0.0.1' }, probe(url));
  return { url, process };
}

/**
 * The router as it runs in production (`node dist/router/main.js`), with its response cache switched by
 * ROUTER_RESPONSE_CACHE and rate limits far above what one loopback client can send, so the limiter is not
 * what is measured.
 */
const router = (cache: 'on' | 'off'): Target['start'] => (setting) =>
  startOnFreePort(
    `router-cache-${cache}`,
    'router/main.js',
    {
      ...testEnv,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      SUPERGRAPH_PATH: supergraphPath,
      AUTH_JWKS_URL: setting.jwksUrl,
      ROUTER_RESPONSE_CACHE: cache,
      ...generousRouterLimits,
      ...setting.fleet.routingEnv,
    },
  );

/**
 * Per-minute rate limits of the router at their maximum (router/protection/protection-env.ts), far above what
 * the benchmark's one customer sends, so the limiter is passed but is not what stops requests.
 */
const generousRouterLimits: Record<string, string> = Object.fromEntries(
  ['QUERY', 'MUTATION', 'ANONYMOUS_QUERY', 'ANONYMOUS_MUTATION'].map((kind) => [`ROUTER_RATE_LIMIT_${kind}_PER_MINUTE`, '1000000']),
);

export const targets: Target[] = [
  {
    name: 'bare',
    what: 'Node http server answering a fixed JSON body (the ceiling)',
    start: (setting) => startOnFreePort('bare', 'bench/throughput/bare-server.js', { BENCH_BARE_RESPONSES: JSON.stringify(setting.bareResponses) }, answersGet),
  },
  {
    name: 'stock-gateway',
    what: '@apollo/gateway + @apollo/server startStandaloneServer, forwarding Authorization',
    start: (setting) =>
      startOnFreePort('stock-gateway', 'bench/throughput/stock-gateway.js', {
        NODE_ENV: 'production',
        // Loopback only: otherwise @apollo/gateway reports to Apollo and probes cloud metadata endpoints.
        APOLLO_TELEMETRY_DISABLED: 'true',
        SUPERGRAPH_PATH: supergraphPath,
        ...setting.fleet.routingEnv,
      }),
  },
  { name: 'router-cache-off', what: 'this router, ROUTER_RESPONSE_CACHE=off', start: router('off') },
  { name: 'router-cache-on', what: 'this router, ROUTER_RESPONSE_CACHE=on', start: router('on') },
];

/** A router for seeding the shop and recording the bare server's answers (cache off, then stopped). */
export const startSeedingRouter = router('off');
