import { join } from 'node:path';
import { testEnv } from '../../test/support/test-env';
import { SERVICE_NODE_FLAGS } from '../../runtime/service-node-flags';
import { answersGet, freePort, residentMegabytes, startServiceProcess, type ServiceProcess } from '../shared/processes';
import { generousRouterLimits } from '../shared/router';
import { distRoot, type SubgraphFleet } from '../shared/subgraph-fleet';

export interface BenchRouter {
  url: string;
  /** Its /metrics, on a metrics port of its own. */
  metricsUrl: string;
  process: ServiceProcess;
  /** Highest VmRSS seen so far, sampled every 100 ms. */
  peakRssMb: () => number;
  stop: () => Promise<void>;
}

/**
 * `node dist/router/main.js` as a process of its own (its CPU and memory are then its own), over the
 * benchmark's subgraphs, with per-minute rate limits at their maximum: each subscribe spends one query of its
 * caller's budget, and the benchmark's few accounts open thousands. The graphql-ws limits stay the defaults.
 * `overrides` replaces any of these settings. It starts with the router's V8 heap settings; BENCH_ROUTER_NODE_ARGS adds node flags (e.g. for heap snapshots).
 */
export async function startBenchRouter(fleet: SubgraphFleet, jwksUrl: string, overrides: Record<string, string> = {}): Promise<BenchRouter> {
  const port = String(await freePort());
  const metricsPort = String(await freePort());
  const url = `http://127.0.0.1:${port}/graphql`;
  const nodeArgs = process.env.BENCH_ROUTER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const env: Record<string, string> = {
    ...testEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: port,
    METRICS_PORT: metricsPort,
    SUPERGRAPH_PATH: join(distRoot, '..', 'schema', 'supergraph.graphql'),
    AUTH_JWKS_URL: jwksUrl,
    ...generousRouterLimits,
    ROUTER_WARM_UP_OPERATIONS: '10',
    ...fleet.routingEnv,
    ...overrides,
  };
  const ready = answersGet(url.replace(/\/graphql$/, '/readyz'));
  const service = await startServiceProcess('router', join(distRoot, 'router', 'main.js'), env, ready, [...SERVICE_NODE_FLAGS.router, ...nodeArgs]);
  let peak = residentMegabytes(service.pid);
  const sampler = setInterval(() => (peak = Math.max(peak, residentMegabytes(service.pid) || 0)), 100);
  return {
    url,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    process: service,
    peakRssMb: () => peak,
    stop: async () => {
      clearInterval(sampler);
      await service.stop();
    },
  };
}
