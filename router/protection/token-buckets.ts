import { LRUCache } from 'lru-cache';

/** How fast a caller may spend: `perSecond` points on average, at most `capacity` at once. */
export interface BucketShape {
  perSecond: number;
  capacity: number;
}

interface Bucket {
  points: number;
  /** When `points` was last worked out (performance.now()). */
  at: number;
}

/** Callers remembered; one forgotten (the least recently seen) starts again with a full bucket. */
const MAX_CALLERS = 100_000;

/**
 * A token bucket per caller, in this process. Unlike a fixed window, which lets a caller spend a whole window's
 * budget in its first moment, a caller who emptied their bucket gets work in only as fast as it refills: evenly.
 * What a bucket shapes is this router's CPU, so it is the router's own (the shared budget per minute is in Redis).
 */
export class TokenBuckets {
  private readonly buckets = new LRUCache<string, Bucket>({ max: MAX_CALLERS });

  constructor(private readonly shape: BucketShape) {}

  /**
   * Takes `points` from the caller's bucket: 0 when taken, else the milliseconds until the caller may go on (and
   * nothing is taken). A caller may go on while their bucket holds a point: a heavier operation then leaves it
   * below zero, a debt the refill pays before anything else of theirs runs. So an operation of any weight can run,
   * its weight spent in steps or at once, and no caller spends faster than the refill beyond one burst.
   */
  take(caller: string, points: number, now = performance.now()): number {
    const { perSecond, capacity } = this.shape;
    const last = this.buckets.get(caller);
    const held = last ? Math.min(capacity, last.points + ((now - last.at) / 1000) * perSecond) : capacity;
    if (held >= 1) {
      this.buckets.set(caller, { points: held - points, at: now });
      return 0;
    }
    this.buckets.set(caller, { points: held, at: now });
    return Math.ceil(((1 - held) / perSecond) * 1000);
  }
}
