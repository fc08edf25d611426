import { metricsUrl, parseMetricSamples } from '../../test/support/metrics';

/** Counter totals by status (HIT, MISS, BYPASS). */
export type StatusCounts = Record<string, number>;

export interface RouterFigures {
  /** The highest breaker state each subgraph's breaker was seen in (0 closed, 1 half-open, 2 open). */
  breakerMax: Record<string, number>;
  /** How many scrapes were taken (one a second), and how many failed (the router too busy to answer in time). */
  scrapes: number;
  failedScrapes: number;
  /** router_response_cache_total during the window, by status. */
  responseCache: StatusCounts;
  /** router_subgraph_cache_total during the window, by subgraph and status; null when the router has no such metric. */
  subgraphCache: Record<string, StatusCounts> | null;
}

interface Counters {
  responseCache: StatusCounts;
  subgraphCache: Record<string, StatusCounts> | null;
}

function counters(text: string): Counters {
  const responseCache: StatusCounts = {};
  for (const { labels, value } of parseMetricSamples(text, 'router_response_cache_total')) responseCache[labels.status] = (responseCache[labels.status] ?? 0) + value;
  const perSubgraph = parseMetricSamples(text, 'router_subgraph_cache_total');
  let subgraphCache: Counters['subgraphCache'] = null;
  if (perSubgraph.length > 0) {
    subgraphCache = {};
    for (const { labels, value } of perSubgraph) (subgraphCache[labels.subgraph] ??= {})[labels.status] = (subgraphCache[labels.subgraph]?.[labels.status] ?? 0) + value;
  }
  return { responseCache, subgraphCache };
}

const minus = (after: StatusCounts, before: StatusCounts = {}) => Object.fromEntries(Object.entries(after).map(([status, value]) => [status, value - (before[status] ?? 0)]));

/** HIT / (HIT + MISS): how often a cacheable answer came from the cache (BYPASS is not cacheable). NaN without any. */
export const hitRatio = (counts: StatusCounts) => (counts.HIT ?? 0) / ((counts.HIT ?? 0) + (counts.MISS ?? 0));

export interface RouterWatch {
  stop: () => Promise<RouterFigures>;
}

/**
 * Reads the router's /metrics once a second during a window: the breakers' states (an open breaker may close
 * again before the end, so each scrape counts) and, at both ends, the response cache's and the per-subgraph
 * cache's counters (their difference is the window's).
 */
export async function watchRouter(routerUrl: string): Promise<RouterWatch> {
  const scrape = async () => {
    const response = await fetch(metricsUrl(routerUrl), { signal: AbortSignal.timeout(5_000) });
    return response.text();
  };
  const breakerMax: Record<string, number> = {};
  let scrapes = 0;
  let failedScrapes = 0;
  const sample = async () => {
    scrapes += 1;
    try {
      const text = await scrape();
      for (const { labels, value } of parseMetricSamples(text, 'router_subgraph_breaker_state')) breakerMax[labels.subgraph] = Math.max(breakerMax[labels.subgraph] ?? 0, value);
      return text;
    } catch {
      failedScrapes += 1;
      return null;
    }
  };
  const first = await sample();
  if (first === null) throw new Error('the router does not serve /metrics');
  const before = counters(first);
  // A scrape still waiting for a busy router is not joined by another one.
  let inFlight: Promise<unknown> | null = null;
  const sampler = setInterval(() => void (inFlight ??= sample().finally(() => (inFlight = null))), 1_000);
  return {
    stop: async () => {
      clearInterval(sampler);
      await inFlight;
      let last: string | null = null;
      for (let attempt = 0; attempt < 5 && last === null; attempt += 1) last = await sample();
      const after = last === null ? before : counters(last);
      return {
        breakerMax,
        scrapes,
        failedScrapes,
        responseCache: minus(after.responseCache, before.responseCache),
        subgraphCache: after.subgraphCache && Object.fromEntries(Object.entries(after.subgraphCache).map(([subgraph, counts]) => [subgraph, minus(counts, before.subgraphCache?.[subgraph])])),
      };
    },
  };
}
