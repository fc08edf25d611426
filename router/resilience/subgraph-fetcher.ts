import type { Fetcher } from '@apollo/utils.fetcher';
import type CircuitBreaker from 'opossum';
import { isBreakerOpen } from './circuit-breaker';
import { SubgraphBusy, type ConcurrencyLimit } from './concurrency-limit';
import { callKey, type InFlightCalls } from './in-flight';
import { withRetries, type RetryPolicy } from './retry';
import { subgraphBusy, subgraphUnavailable } from '../../runtime/errors';
import { EXPECTED_TIMEOUT_HEADER } from '../../runtime/subgraph/answer-deadline';
import { isTimeout, SubgraphServerError, unavailableReason } from './subgraph-errors';
import type { SubgraphRequest } from './subgraph-http';
import type { SubgraphResponse } from './subgraph-response';

/**
 * Set by the data source on a call made for a mutation, taken off here before the call is sent: such a
 * call is neither retried (it may have taken effect before it failed) nor shared with another caller's.
 */
export const MUTATION_CALL_HEADER = 'x-router-mutation-call';

/**
 * Set by the data source on a call the router makes for itself (a live update's event read as its subscriber),
 * taken off here: it goes first for a busy subgraph, as a write does (a shed one would lose the event), yet it is
 * retried and shared as a query.
 */
export const PRIORITY_CALL_HEADER = 'x-router-priority-call';

/**
 * Set by the data source to when the incoming request arrived (performance.now() of the router), taken off
 * here: the call may join an identical one in flight only if that one started after this moment.
 */
export const ARRIVED_AT_HEADER = 'x-router-arrived-at';

export interface SubgraphCallPolicy {
  timeoutMs: number;
  retry: RetryPolicy;
  dedupe: boolean;
}

/**
 * The gateway's fetch for one subgraph: every attempt takes a slot of the subgraph's concurrency limit (a read
 * is shed when none is free in time: SUBGRAPH_BUSY) and goes through the subgraph's breaker (which times it
 * out and counts it). A query that failed fast (refused, reset, 5xx) is retried with backoff while the breaker
 * lets it; one that timed out is not, so a stalled subgraph costs a page at most its timeout. A query is shared
 * with identical queries in flight that started after the request arrived. A call that got no answer throws
 * SUBGRAPH_UNAVAILABLE naming the subgraph; a 5xx answer is handed back as it is once retries are spent.
 */
export function subgraphFetcher(
  subgraph: string,
  policy: SubgraphCallPolicy,
  breaker: CircuitBreaker<[SubgraphRequest], SubgraphResponse>,
  inFlight: InFlightCalls<SubgraphResponse>,
  limit: ConcurrencyLimit,
  onShed: (priority: 'read' | 'write') => void = () => {},
): Fetcher {
  const settle = (error: unknown): SubgraphResponse => {
    if (error instanceof SubgraphServerError) return error.response;
    if (error instanceof SubgraphBusy) {
      onShed(error.priority);
      throw subgraphBusy(subgraph);
    }
    throw subgraphUnavailable(subgraph, unavailableReason(error, policy.timeoutMs));
  };
  // A busy subgraph is not asked again at once; an open breaker not at all; nor one that let an attempt run out
  // its whole timeout (stalled or drowning: asking again would double the caller's wait and the subgraph's load).
  const retryable = (error: unknown) => !isBreakerOpen(error) && !(error instanceof SubgraphBusy) && !isTimeout(error);
  // Every call tells the subgraph how long this router waits for each attempt (answer-deadline.ts).
  const expectedTimeout = String(policy.timeoutMs);

  return async (url, init = {}) => {
    const headers = { ...init.headers };
    const mutation = MUTATION_CALL_HEADER in headers;
    const priority = mutation || PRIORITY_CALL_HEADER in headers ? 'write' : 'read';
    delete headers[MUTATION_CALL_HEADER];
    delete headers[PRIORITY_CALL_HEADER];
    const arrivedAt = headers[ARRIVED_AT_HEADER] === undefined ? undefined : Number(headers[ARRIVED_AT_HEADER]);
    delete headers[ARRIVED_AT_HEADER];
    headers[EXPECTED_TIMEOUT_HEADER] = expectedTimeout;
    const request: SubgraphRequest = { url, method: init.method ?? 'POST', headers, body: init.body };
    if (mutation) return limit.run('write', () => breaker.fire(request)).catch(settle);
    const call = () => withRetries(() => limit.run(priority, () => breaker.fire(request)), policy.retry, retryable).catch(settle);
    // A call without an arrival time (the gateway's own) is never shared.
    if (!policy.dedupe || arrivedAt === undefined || Number.isNaN(arrivedAt)) return call();
    return (await inFlight.share(callKey(url, init.body, headers), call, arrivedAt)).clone();
  };
}
