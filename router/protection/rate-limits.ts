import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { DomainError } from '../../runtime/errors';

/** Operations per minute, for signed-in callers (per account) and anonymous ones (per client address). */
export interface RateLimits {
  query: { perUser: number; perAddress: number };
  mutation: { perUser: number; perAddress: number };
}

export type OperationClass = keyof RateLimits;

const WINDOW_SECONDS = 60;

/**
 * The router's request budget, in Redis so every router replica shares it. A signed-in caller spends the
 * account's budget wherever they call from; an anonymous caller spends the client address's (so customers
 * behind one office network do not share the smaller anonymous budget). While Redis is down each replica
 * keeps counting in memory (rate-limiter-flexible's insurance limiter) and keeps answering.
 */
export class RouterRateLimiter {
  private readonly limiters = new Map<string, RateLimiterRedis>();

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
      }
    }
  }

  /**
   * Counts `points` operations (a batch's, counted at once); throws TOO_MANY_ATTEMPTS with `retryAfterSeconds`
   * once the budget is spent.
   */
  async consume(operation: OperationClass, accountId: string | undefined, clientAddress: string, points = 1): Promise<void> {
    const who = accountId !== undefined ? 'perUser' : 'perAddress';
    try {
      await this.limiters.get(`${operation}:${who}`)!.consume(accountId ?? clientAddress, points);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw this.refusal(operation, who, rejection);
    }
  }

  /** Gives back one operation counted as `operation` that turned out to be of the other class. */
  async refund(operation: OperationClass, accountId: string | undefined, clientAddress: string): Promise<void> {
    const who = accountId !== undefined ? 'perUser' : 'perAddress';
    await this.limiters.get(`${operation}:${who}`)!.reward(accountId ?? clientAddress, 1);
  }

  private refusal(operation: OperationClass, who: 'perUser' | 'perAddress', state: RateLimiterRes): DomainError {
    const retryAfterSeconds = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
    const limit = this.limits[operation][who];
    return new DomainError(
      'TOO_MANY_ATTEMPTS',
      `Too many ${operation === 'query' ? 'queries' : 'mutations'}: the limit is ${limit} a minute ${who === 'perUser' ? 'per account' : 'per client address'}; try again in ${retryAfterSeconds} seconds`,
      { retryAfterSeconds, limit, http: { status: 429 } },
    );
  }
}
