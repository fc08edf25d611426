import { performance } from 'node:perf_hooks';

/**
 * How long the router waits for a subgraph call's answer, in ms, sent with every call it makes (as Envoy's
 * `x-envoy-expected-rq-timeout-ms`): a write that could not finish in that time gives up while nothing is written,
 * rather than completing for a caller that has stopped waiting and was told it failed. A relative time, so the
 * machines' clocks need not agree. Whoever sends a shorter one only makes their own request give up sooner.
 */
export const EXPECTED_TIMEOUT_HEADER = 'x-expected-timeout-ms';

/** When the caller stops waiting (performance.now() of this process), counted from `receivedAt`; undefined when it did not say. */
export function answerDeadline(header: string | string[] | undefined, receivedAt = performance.now()): number | undefined {
  const ms = Number(Array.isArray(header) ? header[0] : header);
  return Number.isSafeInteger(ms) && ms > 0 ? receivedAt + ms : undefined;
}

/** Whether the caller will still be waiting `marginMs` from now (always, when it gave no deadline). */
export const stillAwaited = (answerBy: number | undefined, marginMs: number): boolean => answerBy === undefined || performance.now() + marginMs < answerBy;
