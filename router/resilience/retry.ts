import { fullJitterDelay } from '../../runtime/events/backoff';

export interface RetryPolicy {
  /** Retries after the first attempt (0: none). */
  retries: number;
  baseMs: number;
  maxMs: number;
}

/**
 * Runs `attempt` until it succeeds, `shouldRetry` refuses its error, or the retries are spent, waiting
 * between attempts with exponential backoff and full jitter. The last error is thrown.
 */
export async function withRetries<T>(
  attempt: () => Promise<T>,
  policy: RetryPolicy,
  shouldRetry: (error: unknown) => boolean,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let retry = 1; ; retry++) {
    try {
      return await attempt();
    } catch (error) {
      if (retry > policy.retries || !shouldRetry(error)) throw error;
      await sleep(fullJitterDelay(retry, policy.baseMs, policy.maxMs));
    }
  }
}
