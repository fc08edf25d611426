import { describe, expect, it } from 'vitest';
import { backoffCeiling, fullJitterDelay } from '../../runtime/events/backoff';
import { withRetries } from './retry';

const policy = { retries: 3, baseMs: 100, maxMs: 250 };

/** An attempt that fails `failures` times, then answers; counts its calls. */
function flaky(failures: number) {
  const attempt = async () => {
    attempt.calls++;
    if (attempt.calls <= failures) throw new Error(`failure ${attempt.calls}`);
    return 'answer';
  };
  attempt.calls = 0;
  return attempt;
}

describe('withRetries', () => {
  it('retries until an attempt succeeds, waiting with full jitter under a doubling, capped ceiling', async () => {
    const waits: number[] = [];
    const attempt = flaky(3);
    const result = await withRetries(
      attempt,
      policy,
      () => true,
      async (ms) => void waits.push(ms),
    );
    expect(result).toBe('answer');
    expect(attempt.calls).toBe(4);
    expect(waits).toHaveLength(3);
    waits.forEach((ms, index) => {
      expect(ms).toBeGreaterThanOrEqual(0);
      expect(ms).toBeLessThanOrEqual([100, 200, 250][index]);
    });
  });

  it('starts no retry once the time budget since the first attempt is spent, retries left or not', async () => {
    let clock = 0;
    // Each attempt takes 3 s (a timed-out call); waits take no time here.
    const attempt = async () => {
      clock += 3_000;
      attempt.calls++;
      throw new Error(`failure ${attempt.calls}`);
    };
    attempt.calls = 0;
    const budgeted = { retries: 5, baseMs: 100, maxMs: 100, budgetMs: 8_000 };
    await expect(
      withRetries(
        attempt,
        budgeted,
        () => true,
        async () => {},
        () => clock,
      ),
    ).rejects.toThrow('failure 3');
    // Started at 0, 3 and 6 s; at 9 s the budget of 8 s is spent.
    expect(attempt.calls).toBe(3);
  });

  it('throws the last error once the retries are spent', async () => {
    const attempt = flaky(10);
    await expect(
      withRetries(
        attempt,
        policy,
        () => true,
        async () => {},
      ),
    ).rejects.toThrow('failure 4');
    expect(attempt.calls).toBe(4);
  });

  it('does not retry an error the caller refuses, nor with no retries', async () => {
    const refused = flaky(10);
    await expect(
      withRetries(
        refused,
        policy,
        () => false,
        async () => {},
      ),
    ).rejects.toThrow('failure 1');
    expect(refused.calls).toBe(1);
    const once = flaky(10);
    await expect(
      withRetries(
        once,
        { ...policy, retries: 0 },
        () => true,
        async () => {},
      ),
    ).rejects.toThrow('failure 1');
    expect(once.calls).toBe(1);
  });
});

describe('fullJitterDelay', () => {
  it('is anywhere from 0 to the exponential ceiling', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => backoffCeiling(attempt, 50, 1000))).toEqual([50, 100, 200, 400, 800]);
    expect(backoffCeiling(10, 50, 1000)).toBe(1000);
    expect(fullJitterDelay(3, 50, 1000, () => 0)).toBe(0);
    expect(fullJitterDelay(3, 50, 1000, () => 0.999999)).toBe(200);
    expect(fullJitterDelay(3, 50, 1000, () => 0.5)).toBe(100);
  });
});
