import { cpuSince, cpuSnapshot } from './process-cpu';
import type { Shape } from './shapes';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Several rounds of one shape as one figure: the median of each (a round's p99 is at the mercy of the shared cores). */
export function medianOf(rounds: ShapeMeasurement[]): ShapeMeasurement {
  return {
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    catalogCpu: median(rounds.map((round) => round.catalogCpu)),
    storeCpu: median(rounds.map((round) => round.storeCpu)),
    requests: rounds.reduce((sum, round) => sum + round.requests, 0),
  };
}

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

/** A catalog being measured: its URL and the processes whose CPU counts. */
export interface Target {
  url: string;
  processes: Measured;
}

/**
 * One shape on several catalogs at once (`shapes[i]` is its variables for `targets[i]`): a warm-up, then `count` requests each, one after another and taking
 * turns between the catalogs (a single client: the latency is the service time), so that whatever else the
 * shared cores run meanwhile weighs on every catalog alike; the CPU each catalog and its store used, per request.
 */
export async function measureShape(targets: Target[], shapes: Shape[], count: number, warmup: number): Promise<ShapeMeasurement[]> {
  const requests = await Promise.all(targets.map((target, index) => requestsOf(target.url, shapes[index])));
  const query = shapes[0].query;
  for (let n = 0; n < warmup; n += 1) {
    for (const [index, target] of targets.entries()) await post(target.url, query, requests[index][n % requests[index].length]);
  }
  const before = await Promise.all(
    targets.map(async ({ processes }) => ({ catalog: cpuSnapshot([processes.catalogPid]), store: cpuSnapshot(await processes.storePids()) })),
  );
  const latencies = targets.map((): number[] => []);
  for (let n = 0; n < count; n += 1) {
    for (const [index, target] of targets.entries()) {
      const started = process.hrtime.bigint();
      await post(target.url, query, requests[index][n % requests[index].length]);
      latencies[index].push(Number(process.hrtime.bigint() - started) / 1e6);
    }
  }
  return targets.map((_target, index) => {
    const sorted = latencies[index].sort((a, b) => a - b);
    return {
      p50: percentile(sorted, 0.5),
      p99: percentile(sorted, 0.99),
      catalogCpu: cpuSince(before[index].catalog) / count,
      storeCpu: cpuSince(before[index].store) / count,
      requests: count,
    };
  });
}

/** CPU of one process per request of one operation, over `count` requests after a warm-up. */
export async function cpuPerRequest(url: string, pid: number, query: string, variables: Record<string, unknown>, count: number): Promise<number> {
  for (let n = 0; n < Math.min(200, count); n += 1) await post(url, query, variables);
  const before = cpuSnapshot([pid]);
  for (let n = 0; n < count; n += 1) await post(url, query, variables);
  return cpuSince(before) / count;
}
