import autocannon from 'autocannon';
import { watchProcesses, type ProcessUsage } from '../shared/process-usage';
import { countsSince, type StatusCounts } from '../shared/router-metrics';
import { requestBody, variedCatalogPageQuery, type BenchQuery } from './queries';
import { variedVariables, type VariedSetting } from './varied';

export interface LoadShape {
  connections: number;
  warmupSeconds: number;
  /** Seconds of load per target and query, in `rounds` slices taking turns with the other targets'. */
  seconds: number;
  rounds: number;
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
  requests: () => ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: requestBody(query.name, query.query, query.variables),
  }),
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

/** Warms a target up (query plans, JIT, connection pools, caches): its numbers are dropped. */
export async function warmUp(url: string, load: BenchLoad, shape: LoadShape): Promise<void> {
  await run(url, load, shape.connections, shape.warmupSeconds);
}

/**
 * Loads one target for one slice: a fixed number of connections, each sending its next request as soon as the
 * previous one is answered, for a fixed time. The target and the subgraphs (and, given `cacheCounts`, the
 * router's cache counters) are watched during the slice.
 */
export async function measureSlice(
  url: string,
  target: { name: string; pid: number },
  subgraphs: Array<{ name: string; pid: number }>,
  load: BenchLoad,
  connections: number,
  seconds: number,
  cacheCounts?: () => Promise<StatusCounts>,
): Promise<Measurement> {
  const cacheBefore = await cacheCounts?.();
  const watch = watchProcesses([target, ...subgraphs]);
  const result = await run(url, load, connections, seconds);
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

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * One target's slices as one measurement: requests per second and latencies are the slices' medians (the
 * machine's speed drifts between slices; a target's slices alternate with the other targets', so a ratio of
 * medians compares like with like), counts and CPU are summed, memory is the peak.
 */
export function combineSlices(slices: Measurement[]): Measurement {
  const sum = (pick: (slice: Measurement) => number) => slices.reduce((total, slice) => total + pick(slice), 0);
  const cache = slices.every((slice) => slice.cache)
    ? slices.reduce<StatusCounts>((total, slice) => {
        for (const [status, count] of Object.entries(slice.cache!)) total[status] = (total[status] ?? 0) + count;
        return total;
      }, {})
    : undefined;
  return {
    cache,
    requests: sum((slice) => slice.requests),
    requestsPerSecond: median(slices.map((slice) => slice.requestsPerSecond)),
    p50Ms: median(slices.map((slice) => slice.p50Ms)),
    p99Ms: median(slices.map((slice) => slice.p99Ms)),
    non2xx: sum((slice) => slice.non2xx),
    graphqlErrors: sum((slice) => slice.graphqlErrors),
    socketErrors: sum((slice) => slice.socketErrors),
    peakRssMb: Math.max(...slices.map((slice) => slice.peakRssMb)),
    usage: slices[0].usage.map((first, index) => ({
      name: first.name,
      cpuSeconds: sum((slice) => slice.usage[index].cpuSeconds),
      peakRssMb: Math.max(...slices.map((slice) => slice.usage[index].peakRssMb)),
    })),
  };
}
