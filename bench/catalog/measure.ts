import { totalCpuMillis } from './process-cpu';
import type { Shape } from './shapes';

export interface ShapeMeasurement {
  p50: number;
  p99: number;
  /** Milliseconds of CPU per page. */
  catalogCpu: number;
  storeCpu: number;
  requests: number;
}

export interface Measured {
  catalogPid: number;
  /** The store's processes now (FerretDB and its PostgreSQL backends). */
  storePids: () => Promise<number[]>;
}

async function post(url: string, query: string, variables: Record<string, unknown>): Promise<any> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`the benchmark query failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const percentile = (sorted: number[], share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)];

/** The variables of every request of a shape: its variants, and for paged shapes the cursors of pages 2 to n. */
async function requestsOf(url: string, shape: Shape): Promise<Array<Record<string, unknown>>> {
  const all = [...shape.variables];
  for (const variables of shape.variables) {
    let after: string | null = null;
    for (let page = 1; page < (shape.pages ?? 1); page += 1) {
      const data: any = await post(url, shape.query, { ...variables, after });
      after = data.products.pageInfo.endCursor;
      if (!after || !data.products.pageInfo.hasNextPage) break;
      all.push({ ...variables, after });
    }
  }
  return all;
}

/**
 * One shape: a warm-up, then `count` requests one after another (a single client: the latency is the service
 * time), cycling through its variants; the CPU the catalog and the store processes used meanwhile, per request.
 */
export async function measureShape(url: string, shape: Shape, processes: Measured, count: number, warmup: number): Promise<ShapeMeasurement> {
  const requests = await requestsOf(url, shape);
  for (let n = 0; n < warmup; n += 1) await post(url, shape.query, requests[n % requests.length]);
  const storePids = await processes.storePids();
  const catalogBefore = totalCpuMillis([processes.catalogPid]);
  const storeBefore = totalCpuMillis(storePids);
  const latencies: number[] = [];
  for (let n = 0; n < count; n += 1) {
    const started = process.hrtime.bigint();
    await post(url, shape.query, requests[n % requests.length]);
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const catalogCpu = (totalCpuMillis([processes.catalogPid]) - catalogBefore) / count;
  const storeCpu = (totalCpuMillis(storePids) - storeBefore) / count;
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), catalogCpu, storeCpu, requests: count };
}

/** CPU of one process per request of one operation, over `count` requests after a warm-up. */
export async function cpuPerRequest(url: string, pid: number, query: string, variables: Record<string, unknown>, count: number): Promise<number> {
  for (let n = 0; n < Math.min(200, count); n += 1) await post(url, query, variables);
  const before = totalCpuMillis([pid]);
  for (let n = 0; n < count; n += 1) await post(url, query, variables);
  return (totalCpuMillis([pid]) - before) / count;
}
