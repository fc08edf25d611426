import { parseMetricSamples } from '../../test/support/metrics';
import {
  countsSince,
  responseCacheCounts,
  scrapeRouter,
  shedCounts,
  subgraphCacheCounts,
  subgraphCallCounts,
  type StatusCounts,
} from '../shared/router-metrics';

export interface RouterFigures {
  /** The highest breaker state each subgraph's breaker was seen in (0 closed, 1 half-open, 2 open). */
  breakerMax: Record<string, number>;
  /** How many scrapes were taken (one a second), and how many failed (the router too busy to answer in time). */
  scrapes: number;
  failedScrapes: number;
  /** router_response_cache_total during the window, by status. */
  responseCache: StatusCounts;
  /** router_operations_shed_total during the window, by where the ROUTER_BUSY refusal was decided (edge, admission). */
  shed: StatusCounts;
  /** The router's calls to each subgraph during the window (router_subgraph_request_duration_seconds_count): what a request costs in hops. */
  subgraphCalls: Record<string, number>;
  /** router_subgraph_cache_total during the window, by subgraph and status; null when the router has no such metric. */
  subgraphCache: Record<string, StatusCounts> | null;
  /**
   * The same from the first scrape after `steadyAfterMs` to the end: a day's caches start cold, a real busy day's
   * are warm after its first minutes (undefined when the window was shorter).
   */
  steadySubgraphCache?: Record<string, StatusCounts> | null;
  /** The same, of the calls made for client queries only (not those a mutation's plan makes after the mutation's own). */
  steadyQueryCache?: Record<string, StatusCounts> | null;
  /**
   * The router's event-loop delay, per scrape (prom-client's `nodejs_eventloop_lag_p99_seconds` and `_max_seconds`
   * cover the time since the previous scrape), in ms: how long work that was ready waited for the router's turn.
   */
  loopDelayMs: { p99: number[]; max: number[] };
}

export interface RouterWatch {
  stop: () => Promise<RouterFigures>;
}

/**
 * Reads the router's /metrics once a second during a window: the breakers' states (an open breaker may close
 * again before the end, so each scrape counts) and, at both ends, the response cache's and the per-subgraph
 * cache's counters (their difference is the window's).
 */
export async function watchRouter(routerMetricsUrl: string, steadyAfterMs = Infinity): Promise<RouterWatch> {
  const breakerMax: Record<string, number> = {};
  let scrapes = 0;
  let failedScrapes = 0;
  const started = Date.now();
  let steadyStart: string | null = null;
  const loopDelayMs = { p99: [] as number[], max: [] as number[] };
  const sample = async () => {
    scrapes += 1;
    try {
      const text = await scrapeRouter(routerMetricsUrl);
      if (steadyStart === null && Date.now() - started >= steadyAfterMs) steadyStart = text;
      for (const { labels, value } of parseMetricSamples(text, 'router_subgraph_breaker_state'))
        breakerMax[labels.subgraph] = Math.max(breakerMax[labels.subgraph] ?? 0, value);
      for (const { value } of parseMetricSamples(text, 'nodejs_eventloop_lag_p99_seconds')) loopDelayMs.p99.push(value * 1000);
      for (const { value } of parseMetricSamples(text, 'nodejs_eventloop_lag_max_seconds')) loopDelayMs.max.push(value * 1000);
      return text;
    } catch {
      failedScrapes += 1;
      return null;
    }
  };
  const first = await sample();
  if (first === null) throw new Error('the router does not serve /metrics');
  // A scrape still waiting for a busy router is not joined by another one.
  let inFlight: Promise<unknown> | null = null;
  const sampler = setInterval(() => void (inFlight ??= sample().finally(() => (inFlight = null))), 1_000);
  return {
    stop: async () => {
      clearInterval(sampler);
      await inFlight;
      let last: string | null = null;
      for (let attempt = 0; attempt < 5 && last === null; attempt += 1) last = await sample();
      const text = last ?? first;
      const since = (before: string, operation?: 'query') => {
        const after = subgraphCacheCounts(text, operation);
        const counted = subgraphCacheCounts(before, operation);
        return after && Object.fromEntries(Object.entries(after).map(([subgraph, counts]) => [subgraph, countsSince(counts, counted?.[subgraph])]));
      };
      return {
        steadySubgraphCache: steadyStart === null ? undefined : since(steadyStart),
        steadyQueryCache: steadyStart === null ? undefined : since(steadyStart, 'query'),
        breakerMax,
        loopDelayMs,
        scrapes,
        failedScrapes,
        responseCache: countsSince(responseCacheCounts(text), responseCacheCounts(first)),
        shed: countsSince(shedCounts(text), shedCounts(first)),
        subgraphCalls: countsSince(subgraphCallCounts(text), subgraphCallCounts(first)),
        subgraphCache: since(first),
      };
    },
  };
}
