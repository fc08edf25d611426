import { fullJitterDelay } from '../../runtime/events/backoff';

export interface RetryPolicy {
  /** Retries after the first attempt (0: none). */
  retries: number;
  baseMs: number;
  maxMs: number;
  /**
   * No retry starts once this long has passed since the first attempt began (waiting included), however many
   * retries are left: a caller behind timeouts of several attempts must not wait for all of them.
   */
  budgetMs?: number;
}

/**
 * Runs `attempt` until it succeeds, `shouldRetry` refuses its error, or the retries or the time budget are
 * spent, waiting between attempts with exponential backoff and full jitter. The last error is thrown.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  shouldRetry: (error: unknown) => boolean,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => number = Date.now,
): Promise<T> {
  const deadline = policy.budgetMs === undefined ? Infinity : now() + policy.budgetMs;
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry > policy.retries || !shouldRetry(error)) throw error;
      const wait = fullJitterDelay(retry, policy.baseMs, policy.maxMs);
      if (now() + wait >= deadline) throw error;
      await sleep(wait);
    }
  }
}
