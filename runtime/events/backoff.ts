/** The exponential ceiling of a backoff: attempt 1 is `baseMs`, doubling up to `maxMs`. */
export function backoffCeiling(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Exponential backoff with jitter: attempt 1 waits between half of `baseMs` and `baseMs`, doubling up to `maxMs`. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  const ceiling = backoffCeiling(attempt, baseMs, maxMs);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/**
 * Full jitter (anywhere from 0 to the exponential ceiling): callers retrying the same failure at the same
 * moment spread out the most, so a recovering service is not hit by them in waves.
 */
export function fullJitterDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  return Math.round(random() * backoffCeiling(attempt, baseMs, maxMs));
}

/** A sleep that `cancel()` cuts short (shutdown must not wait out a long backoff). */
export function cancellableDelay(ms: number): { done: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    cancel = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, cancel };
}
