import CircuitBreaker from 'opossum';

/** As the `router_subgraph_breaker_state` gauge reports it. */
export enum BreakerState {
  Closed = 0,
  HalfOpen = 1,
  Open = 2,
}

export interface BreakerPolicy {
  /** Opens when more than this percentage of the window's calls failed... */
  errorPercent: number;
  /** ...and the window holds at least this many calls. */
  minCalls: number;
  windowMs: number;
  /** Open for this long, then half-open: the next call is a probe that closes it or opens it again. */
  resetMs: number;
}

/**
 * A circuit breaker (opossum) around one subgraph's calls. A call counts as failed when `action` rejects
 * (network error, timeout, HTTP 5xx); while open, `fire` rejects at once with `isBreakerOpen` errors.
 */
export function subgraphBreaker<TArgs extends unknown[], TResult>(
  subgraph: string,
  action: (...args: TArgs) => Promise<TResult>,
  policy: BreakerPolicy,
  onStateChange: (state: BreakerState) => void,
): CircuitBreaker<TArgs, TResult> {
  const breaker = new CircuitBreaker(action, {
    name: subgraph,
    timeout: false, // each call has its own timeout, which also aborts the request (opossum's would leave it running)
    errorThresholdPercentage: policy.errorPercent,
    volumeThreshold: policy.minCalls,
    rollingCountTimeout: policy.windowMs,
    resetTimeout: policy.resetMs,
    rollingPercentilesEnabled: false, // latency percentiles are not used: no sorting on every call
  });
  breaker.on('open', () => onStateChange(BreakerState.Open));
  breaker.on('halfOpen', () => onStateChange(BreakerState.HalfOpen));
  breaker.on('close', () => onStateChange(BreakerState.Closed));
  return breaker;
}

/** The rejection of a call that an open (or probing half-open) breaker refused without trying. */
export const isBreakerOpen = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'EOPENBREAKER';
