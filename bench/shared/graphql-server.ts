import { join } from 'node:path';
import { freePort, startServiceProcess, type ServiceProcess } from './processes';
import { distRoot } from './subgraph-fleet';

/** A GraphQL server the benchmark started: where it answers and its process. */
export interface RunningServer {
  url: string;
  /** Where our services serve /metrics (METRICS_PORT, a free port of its own; the baselines serve none). */
  metricsUrl: string;
  process: ServiceProcess;
}

/** Ready once it answers a GraphQL operation (a gateway has loaded the supergraph). */
export const answersGraphQL = (url: string) => async () =>
  (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' })).ok;

/** Starts `node dist/<script>` on free loopback ports (its own and its metrics'); resolves once `probe` says it is ready. */
export async function startOnFreePort(
  name: string,
  script: string,
  env: Record<string, string>,
  probe: (url: string) => () => Promise<boolean> = answersGraphQL,
  nodeFlags: readonly string[] = [],
): Promise<RunningServer> {
  const port = String(await freePort());
  const metricsPort = String(await freePort());
  const url = `http://127.0.0.1:${port}/graphql`;
  const process = await startServiceProcess(
    name,
    join(distRoot, script),
    { ...env, PORT: port, HOST: '127.0.0.1', METRICS_PORT: metricsPort, METRICS_HOST: '127.0.0.1' },
    probe(url),
    nodeFlags,
  );
  return { url, metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`, process };
}
