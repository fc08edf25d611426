import { parseMetricSamples } from '../../test/support/metrics';

// Reading the router's own /metrics (on its metrics port): its response cache and (when the router has one) its per-subgraph cache.

/** Counter totals by status (HIT, MISS, BYPASS). */
export type StatusCounts = Record<string, number>;

/** The router's /metrics text (a 5 s limit: a router too busy to answer is reported, not waited for). */
export async function scrapeRouter(routerMetricsUrl: string): Promise<string> {
  const response = await fetch(routerMetricsUrl, { signal: AbortSignal.timeout(5_000) });
  return response.text();
}

/** router_response_cache_total by status. */
export function responseCacheCounts(text: string): StatusCounts {
  const counts: StatusCounts = {};
  for (const { labels, value } of parseMetricSamples(text, 'router_response_cache_total')) counts[labels.status] = (counts[labels.status] ?? 0) + value;
  return counts;
}

/** router_operations_shed_total by where the refusal was decided (edge: before parsing; admission: after). */
export function shedCounts(text: string): StatusCounts {
  const counts: StatusCounts = {};
  for (const { labels, value } of parseMetricSamples(text, 'router_operations_shed_total')) counts[labels.stage] = (counts[labels.stage] ?? 0) + value;
  return counts;
}

/** router_subgraph_request_duration_seconds_count by subgraph: every attempt at a subgraph call, whatever its outcome. */
export function subgraphCallCounts(text: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { labels, value } of parseMetricSamples(text, 'router_subgraph_request_duration_seconds_count'))
    counts[labels.subgraph] = (counts[labels.subgraph] ?? 0) + value;
  return counts;
}

/**
 * router_subgraph_cache_total by subgraph and status (of the calls made for one kind of client operation only, when
 * `operation` is given); null when the router does not have that metric.
 */
export function subgraphCacheCounts(text: string, operation?: 'query' | 'mutation'): Record<string, StatusCounts> | null {
  const samples = parseMetricSamples(text, 'router_subgraph_cache_total');
  if (samples.length === 0) return null;
  const counts: Record<string, StatusCounts> = {};
  for (const { labels, value } of samples) {
    if (operation !== undefined && (labels.operation ?? 'query') !== operation) continue;
    (counts[labels.subgraph] ??= {})[labels.status] = (counts[labels.subgraph][labels.status] ?? 0) + value;
  }
  return counts;
}

/** What a counter added between two readings, by status. */
export const countsSince = (after: StatusCounts, before: StatusCounts = {}): StatusCounts =>
  Object.fromEntries(Object.entries(after).map(([status, value]) => [status, value - (before[status] ?? 0)]));

/** HIT / (HIT + MISS + STALE): how often a cacheable answer came from the cache (BYPASS is not cacheable); NaN without any. */
export const hitRatio = (counts: StatusCounts) => (counts.HIT ?? 0) / ((counts.HIT ?? 0) + (counts.MISS ?? 0) + (counts.STALE ?? 0));

/**
 * HIT / (HIT + STALE): of the calls whose answer the cache had kept, the share it could still serve; what the
 * day's writes cost the cache, apart from what was asked for the first time (MISS). NaN without any.
 */
export const survivalRatio = (counts: StatusCounts) => (counts.HIT ?? 0) / ((counts.HIT ?? 0) + (counts.STALE ?? 0));
