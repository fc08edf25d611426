import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  it('lets a caller spend their capacity at once, then refuses with the wait until a point is back', () => {
    const buckets = new TokenBuckets({ perSecond: 2, capacity: 10 });
    expect(buckets.take('ana', 6, 0)).toBe(0);
    expect(buckets.take('ana', 4, 0)).toBe(0);
    // Empty: one point comes back every 500 ms.
    expect(buckets.take('ana', 1, 0)).toBe(500);
    expect(buckets.take('ana', 1, 250)).toBe(250);
    // A refusal took nothing.
    expect(buckets.take('ana', 1, 500)).toBe(0);
    expect(buckets.take('ana', 1, 500)).toBe(500);
  });

  it('refills evenly up to the capacity, never beyond', () => {
    const buckets = new TokenBuckets({ perSecond: 5, capacity: 10 });
    expect(buckets.take('bea', 10, 0)).toBe(0);
    expect(buckets.take('bea', 5, 1_000)).toBe(0);
    // An hour idle holds no more than the capacity.
    expect(buckets.take('bea', 10, 3_600_000)).toBe(0);
    expect(buckets.take('bea', 1, 3_600_000)).toBe(200);
  });

  it('keeps each caller apart', () => {
    const buckets = new TokenBuckets({ perSecond: 1, capacity: 2 });
    expect(buckets.take('ana', 2, 0)).toBe(0);
    expect(buckets.take('bea', 2, 0)).toBe(0);
    expect(buckets.take('ana', 1, 0)).toBe(1_000);
  });

  it('runs an operation heavier than what is left, and makes the caller pay the debt before their next', () => {
    const buckets = new TokenBuckets({ perSecond: 1, capacity: 4 });
    expect(buckets.take('cam', 1, 0)).toBe(0);
    // Three points held: an operation of 30 runs (spent in steps or at once alike), leaving a debt of 27.
    expect(buckets.take('cam', 30, 0)).toBe(0);
    expect(buckets.take('cam', 1, 0)).toBe(28_000);
    expect(buckets.take('cam', 1, 28_000)).toBe(0);
  });
});
