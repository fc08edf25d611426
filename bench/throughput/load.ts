import autocannon from 'autocannon';
import { requestBody, type BenchQuery } from './queries';
import { residentMegabytes } from './processes';

export interface LoadShape {
  connections: number;
  warmupSeconds: number;
  seconds: number;
}

export interface Measurement {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Responses with a status other than 2xx. */
  non2xx: number;
  /** 2xx responses whose body carries GraphQL `errors`. */
  graphqlErrors: number;
  /** Connection errors and timeouts. */
  socketErrors: number;
  /** The target's highest resident memory seen during the measured run. */
  peakRssMb: number;
}

const run = (url: string, query: BenchQuery, headers: Record<string, string>, connections: number, seconds: number) =>
  autocannon({
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: requestBody(query),
    connections,
    duration: seconds,
    // A GraphQL failure comes back as 200 with `errors`: counted as a mismatch.
    verifyBody: (body) => !body?.includes('"errors"'),
  });

/**
 * Loads one target with one query: a warm-up (query plans, JIT, connection pools, caches) whose numbers are
 * dropped, then a fixed number of connections, each sending its next request as soon as the previous one is
 * answered, for a fixed time.
 */
export async function measure(url: string, pid: number, query: BenchQuery, headers: Record<string, string>, shape: LoadShape): Promise<Measurement> {
  await run(url, query, headers, shape.connections, shape.warmupSeconds);
  let peakRssMb = residentMegabytes(pid);
  const sampler = setInterval(() => (peakRssMb = Math.max(peakRssMb, residentMegabytes(pid))), 250);
  try {
    const result = await run(url, query, headers, shape.connections, shape.seconds);
    return {
      requestsPerSecond: result.requests.total / result.duration,
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      graphqlErrors: result.mismatches,
      socketErrors: result.errors, // timeouts included
      peakRssMb: Math.max(peakRssMb, residentMegabytes(pid)),
    };
  } finally {
    clearInterval(sampler);
  }
}
