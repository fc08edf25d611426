import { z } from 'zod';
import { loadConfig } from '../../runtime/config';

const milliseconds = (fallback: number) => z.coerce.number().int().min(1).max(600_000).default(fallback);

/** How the router calls subgraphs: timeouts, retries, circuit breakers, connection reuse. */
export const resilienceEnv = {
  /** Longest wait for one subgraph call (each retry gets its own); `SUBGRAPH_<NAME>_TIMEOUT_MS` overrides it per subgraph. */
  SUBGRAPH_TIMEOUT_MS: milliseconds(5_000),
  /** Retries of a failed query call (network error, timeout, HTTP 5xx); mutations are never retried. */
  SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(10).default(2),
  /** Exponential backoff with full jitter: retry n waits up to base * 2^(n-1), at most max. */
  SUBGRAPH_RETRY_BASE_MS: milliseconds(50),
  SUBGRAPH_RETRY_MAX_MS: milliseconds(1_000),
  /** No retry of a call starts once this long has passed since its first attempt (e.g. after a timed-out attempt). */
  SUBGRAPH_RETRY_BUDGET_MS: milliseconds(8_000),
  /** The breaker opens when more than this share of calls failed in the window... */
  SUBGRAPH_BREAKER_ERROR_PERCENT: z.coerce.number().min(1).max(100).default(50),
  /** ...and the window saw at least this many calls (so one early failure does not open it). */
  SUBGRAPH_BREAKER_MIN_CALLS: z.coerce.number().int().min(1).max(10_000).default(10),
  SUBGRAPH_BREAKER_WINDOW_MS: milliseconds(10_000),
  /** How long an open breaker fails fast before it lets one probe call through (half-open). */
  SUBGRAPH_BREAKER_RESET_MS: milliseconds(10_000),
  /** Idle keep-alive connections to subgraphs close after this; below the subgraphs' own 65 s, so they never close one first. */
  SUBGRAPH_KEEP_ALIVE_MS: milliseconds(60_000),
  /** Identical query calls in flight at once (same subgraph, body and forwarded headers) share one HTTP call. */
  SUBGRAPH_DEDUPE: z.enum(['true', 'false']).default('true').transform((value) => value === 'true'),
};

/**
 * `SUBGRAPH_<NAME>_TIMEOUT_MS` gives one subgraph its own timeout (a slow search, a quick cart). Checked
 * here so a bad value names its variable at start.
 */
export function subgraphTimeoutOverrides(env: Record<string, string | undefined>): Map<string, number> {
  const overrides = new Map<string, number>();
  for (const name of Object.keys(env)) {
    const match = /^SUBGRAPH_([A-Z0-9_]+)_TIMEOUT_MS$/.exec(name);
    if (!match) continue;
    const parsed = loadConfig({ [name]: milliseconds(1) }, env) as Record<string, number>;
    overrides.set(match[1].toLowerCase(), parsed[name]);
  }
  return overrides;
}
