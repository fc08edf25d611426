import autocannon from 'autocannon';
import { watchProcesses, type ProcessUsage } from '../shared/process-usage';
import { countsSince, type StatusCounts } from '../shared/router-metrics';
import { requestBody, variedCatalogPageQuery, type BenchQuery } from './queries';
import { variedVariables, type VariedSetting } from './varied';

export interface LoadShape {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

/** What autocannon sends: one fixed request for every connection, or a request made per connection and call. */
export interface BenchLoad {
  name: string;
  /** autocannon options for one run (warm-up or measured): method, headers, body or per-connection requests. */
  requests: (url: string) => Partial<autocannon.Options>;
}

export interface Measurement {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status other than 2xx. */
  non2xx: number;
  /** 2xx responses whose body carries GraphQL `errors`. */
  graphqlErrors: number;
  /** Connection errors and timeouts. */
  socketErrors: number;
  /** The target's highest resident memory sampled during the measured run. */
  peakRssMb: number;
  /** CPU used during the measured run by the target (first) and by each subgraph. */
  usage: ProcessUsage[];
  /** The router's response cache answers during the measured run, by status (HIT, MISS, BYPASS); routers only. */
  cache?: StatusCounts;
}

/** The same request on every connection: one query, one caller. */
export const fixedLoad = (query: BenchQuery, headers: Record<string, string>): BenchLoad => ({
  name: query.name,
  requests: () => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: requestBody(query.name, query.query, query.variables) }),
});

/**
 * Every connection a different customer (its own token), every request different variables (variedVariables
 * of a sequence number that keeps counting across runs, so the measured run repeats nothing of the warm-up).
 */
export function variedLoad(setting: VariedSetting, customerHeaders: Array<Record<string, string>>): BenchLoad {
  let seq = 0;
  return {
    name: 'VariedCatalogPage',
    requests: (url) => {
      let connection = 0;
      return {
        // autocannon's documented per-connection hook: each connection gets its own customer and request maker.
        setupClient: (client) => {
          const headers = { 'content-type': 'application/json', ...customerHeaders[connection++ % customerHeaders.length] };
          client.setRequests([
            {
              method: 'POST',
              path: new URL(url).pathname,
              headers,
              setupRequest: (request) => ({ ...request, body: requestBody('VariedCatalogPage', variedCatalogPageQuery, variedVariables(seq++, setting)) }),
            },
          ]);
        },
      };
    },
  };
}

const run = (url: string, load: BenchLoad, connections: number, seconds: number) =>
  autocannon({
    url,
    connections,
    duration: seconds,
    ...load.requests(url),
    // A GraphQL failure comes back as 200 with `errors`: counted as a mismatch.
    verifyBody: (body) => !body?.includes('"errors"'),
  });

/**
 * Loads one target: a warm-up (query plans, JIT, connection pools, caches) whose numbers are dropped, then a
 * fixed number of connections, each sending its next request as soon as the previous one is answered, for a
 * fixed time. The target and the subgraphs (and, given `cacheCounts`, the router's cache counters) are watched during
 * the measured run only.
 */
export async function measure(
  url: string,
  target: { name: string; pid: number },
  subgraphs: Array<{ name: string; pid: number }>,
  load: BenchLoad,
  shape: LoadShape,
  cacheCounts?: () => Promise<StatusCounts>,
): Promise<Measurement> {
  await run(url, load, shape.connections, shape.warmupSeconds);
  const cacheBefore = await cacheCounts?.();
  const watch = watchProcesses([target, ...subgraphs]);
  const result = await run(url, load, shape.connections, shape.seconds);
  const usage = watch.stop();
  const cacheAfter = await cacheCounts?.();
  return {
    cache: cacheAfter && countsSince(cacheAfter, cacheBefore),
    requests: result.requests.total,
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    graphqlErrors: result.mismatches,
    socketErrors: result.errors, // timeouts included
    peakRssMb: usage[0].peakRssMb,
    usage,
  };
}
