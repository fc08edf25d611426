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
  /**
   * Calls in flight to one subgraph at once; past it calls wait in line, reads (browsing) are shed first
   * (SUBGRAPH_BUSY, HTTP 503 with Retry-After), writes (cart changes, checkout) wait longer and go first.
   */
  SUBGRAPH_MAX_CONCURRENCY: z.coerce.number().int().min(1).max(10_000).default(32),
  /** Share of a subgraph's slots reads may take; the rest is kept for writes. */
  SUBGRAPH_READ_SHARE: z.coerce.number().min(0.05).max(1).default(0.75),
  /** Longest a read waits for a slot before it is shed, and a write before it is refused. */
  SUBGRAPH_READ_WAIT_MS: milliseconds(250),
  SUBGRAPH_WRITE_WAIT_MS: milliseconds(5_000),
  /** Calls waiting for one subgraph at once; past it a read is shed at once. */
  SUBGRAPH_MAX_WAITING: z.coerce.number().int().min(0).max(100_000).default(64),
  /** Identical query calls in flight at once (same subgraph, body and forwarded headers) share one HTTP call. */
  SUBGRAPH_DEDUPE: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
};

/** Settings one subgraph may have of its own, `SUBGRAPH_<NAME>_<SETTING>`, checked here so a bad value names its variable at start. */
function perSubgraph(env: Record<string, string | undefined>, setting: string, schema: z.ZodType<number>): Map<string, number> {
  const overrides = new Map<string, number>();
  const pattern = new RegExp(`^SUBGRAPH_([A-Z0-9_]+)_${setting}$`);
  for (const name of Object.keys(env)) {
    const match = pattern.exec(name);
    if (!match) continue;
    const parsed = loadConfig({ [name]: schema }, env) as Record<string, number>;
    overrides.set(match[1].toLowerCase(), parsed[name]);
  }
  return overrides;
}

/** `SUBGRAPH_<NAME>_TIMEOUT_MS` gives one subgraph its own timeout (a slow search, a quick cart). */
export const subgraphTimeoutOverrides = (env: Record<string, string | undefined>) => perSubgraph(env, 'TIMEOUT_MS', milliseconds(1));

/** `SUBGRAPH_<NAME>_MAX_CONCURRENCY` gives one subgraph its own concurrency limit (one with more replicas takes more). */
export const subgraphConcurrencyOverrides = (env: Record<string, string | undefined>) =>
  perSubgraph(env, 'MAX_CONCURRENCY', z.coerce.number().int().min(1).max(10_000));
