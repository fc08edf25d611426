import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { tooManyAttempts, type DomainError } from '../../runtime/errors';
import { BudgetLeases, BudgetSpent } from './budget-leases';
import { TokenBuckets } from './token-buckets';

/** Operations per minute, for signed-in callers (per account) and anonymous ones (per client address). */
export interface RateLimits {
  query: { perUser: number; perAddress: number };
  mutation: { perUser: number; perAddress: number };
}

export type OperationClass = keyof RateLimits;

const WINDOW_SECONDS = 60;
/**
 * A caller's burst: this share of their minute's budget at once, but never fewer points than BURST_FLOOR (a
 * page's worth of ordinary operations); after it, the rest comes evenly (TokenBuckets: a heavy operation may
 * leave a debt, paid before the caller's next).
 */
const BURST_SHARE_OF_MINUTE = 1 / 30;
const BURST_FLOOR = 10;

/**
 * The router's request budget, in Redis so every router replica shares it. A signed-in caller spends the
 * account's budget wherever they call from; an anonymous caller spends the client address's (so customers
 * behind one office network do not share the smaller anonymous budget). While Redis is down each replica
 * keeps counting in memory (rate-limiter-flexible's insurance limiter) and keeps answering. Each router also
 * shapes each caller's spending over the minute (a token bucket of its own), so that no caller can put a
 * minute's worth of heavy work on one router at once. A router counts a caller's operations in Redis a few at a
 * time (BudgetLeases: 1% of a budget of 100 or more taken ahead), so most operations cost no Redis round trip.
 */
export class RouterRateLimiter {
  private readonly limiters = new Map<string, RateLimiterRedis>();
  private readonly buckets = new Map<string, TokenBuckets>();
  private readonly leases = new Map<string, BudgetLeases>();

  constructor(
    redis: Redis,
    private readonly limits: RateLimits,
    keyPrefix = 'router:rate',
  ) {
    for (const operation of ['query', 'mutation'] as const) {
      for (const who of ['perUser', 'perAddress'] as const) {
        const points = limits[operation][who];
        this.limiters.set(
          `${operation}:${who}`,
          new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: `${keyPrefix}:${operation}:${who === 'perUser' ? 'user' : 'address'}`,
            points,
            duration: WINDOW_SECONDS,
            // Not "ready" (down, reconnecting): straight to memory, without waiting for a command to time out.
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory({ points, duration: WINDOW_SECONDS }),
          }),
        );
        this.leases.set(`${operation}:${who}`, new BudgetLeases(points));
        this.buckets.set(
          `${operation}:${who}`,
          new TokenBuckets({ perSecond: points / WINDOW_SECONDS, capacity: Math.max(BURST_FLOOR, points * BURST_SHARE_OF_MINUTE) }),
        );
      }
    }
  }

  /**
   * Counts `points` (one per operation of a batch, counted at once, and more for heavy ones: work-points.ts);
   * throws TOO_MANY_ATTEMPTS with `retryAfterSeconds` once the budget is spent, or while the caller's burst on
   * this router is (their points come back evenly over the minute).
   */
  async consume(operation: OperationClass, accountId: string | undefined, clientAddress: string, points = 1): Promise<void> {
    const who = accountId !== undefined ? 'perUser' : 'perAddress';
    const caller = accountId ?? clientAddress;
    // This router's burst first: refused there, nothing of the shared budget is spent, and no Redis round trip made.
    const waitMs = this.buckets.get(`${operation}:${who}`)!.take(caller, points);
    if (waitMs > 0) throw this.burstRefusal(operation, who, waitMs);
    const shared = this.limiters.get(`${operation}:${who}`)!;
    const count = async (counted: number) => {
      const { consumedPoints, msBeforeNext } = await shared.penalty(caller, counted);
      return { consumed: consumedPoints, msBeforeNext };
    };
    try {
      // No more than the whole budget at once: an operation heavier than a minute's budget still runs, alone.
      await this.leases.get(`${operation}:${who}`)!.spend(caller, Math.min(points, this.limits[operation][who]), count);
    } catch (rejection) {
      if (!(rejection instanceof BudgetSpent)) throw rejection;
      throw this.refusal(operation, who, rejection.msBeforeNext);
    }
  }

  /** Gives back one operation counted as `operation` that turned out to be of the other class. */
  async refund(operation: OperationClass, accountId: string | undefined, clientAddress: string): Promise<void> {
    const who = accountId !== undefined ? 'perUser' : 'perAddress';
    await this.limiters.get(`${operation}:${who}`)!.reward(accountId ?? clientAddress, 1);
  }

  private burstRefusal(operation: OperationClass, who: Scope, waitMs: number): DomainError<'TOO_MANY_ATTEMPTS'> {
    const limit = this.limits[operation][who];
    return tooManyAttempts({
      what: `${tooMany(operation)} at once: ${limitOf(limit, who)}, spread over the minute (large or costly ones count for more)`,
      waitMs,
      limit,
    });
  }

  private refusal(operation: OperationClass, who: Scope, waitMs: number): DomainError<'TOO_MANY_ATTEMPTS'> {
    const limit = this.limits[operation][who];
    return tooManyAttempts({ what: `${tooMany(operation)}: ${limitOf(limit, who)}`, waitMs, limit });
  }
}

type Scope = 'perUser' | 'perAddress';

const tooMany = (operation: OperationClass) => `Too many ${operation === 'query' ? 'queries' : 'mutations'}`;

const limitOf = (limit: number, who: Scope) => `the limit is ${limit} a minute ${who === 'perUser' ? 'per account' : 'per client address'}`;
