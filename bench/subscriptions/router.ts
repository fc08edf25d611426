import { join } from 'node:path';
import { testEnv } from '../../test/support/test-env';
import { answersGet, freePort, residentMegabytes, startServiceProcess, type ServiceProcess } from '../throughput/processes';
import { distRoot, type SubgraphFleet } from '../throughput/subgraph-fleet';

export interface BenchRouter {
  url: string;
  process: ServiceProcess;
  /** Highest VmRSS seen so far, sampled every 100 ms. */
  peakRssMb: () => number;
  stop: () => Promise<void>;
}

/**
 * `node dist/router/main.js` as a process of its own (its CPU and memory are then its own), over the
 * benchmark's subgraphs, with per-minute rate limits at their maximum: each subscribe spends one query of its
 * caller's budget, and the benchmark's few accounts open thousands. The graphql-ws limits stay the defaults.
 * BENCH_ROUTER_NODE_ARGS are given to its node (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof` to profile it).
 */
export async function startBenchRouter(fleet: SubgraphFleet, jwksUrl: string): Promise<BenchRouter> {
  const port = String(await freePort());
  const url = `http://127.0.0.1:${port}/graphql`;
  const nodeArgs = process.env.BENCH_ROUTER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const env: Record<string, string> = {
    ...testEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: port,
    SUPERGRAPH_PATH: join(distRoot, '..', 'schema', 'supergraph.graphql'),
    AUTH_JWKS_URL: jwksUrl,
    ...Object.fromEntries(['QUERY', 'MUTATION', 'ANONYMOUS_QUERY', 'ANONYMOUS_MUTATION'].map((kind) => [`ROUTER_RATE_LIMIT_${kind}_PER_MINUTE`, '1000000'])),
    ROUTER_WARM_UP_OPERATIONS: '10',
    ...fleet.routingEnv,
  };
  const service = await startServiceProcess('router', join(distRoot, 'router', 'main.js'), env, answersGet(url.replace(/\/graphql$/, '/readyz')), 60_000, nodeArgs);
  let peak = residentMegabytes(service.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, residentMegabytes(service.pid) || 0)), 100);
  return {
    url,
    process: service,
    peakRssMb: () => peak,
    stop: async () => {
      clearInterval(sampler);
      await service.stop();
    },
  };
}
