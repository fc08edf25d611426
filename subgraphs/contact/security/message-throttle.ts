import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyAttempts } from '../../../runtime/errors';

export interface MessageThrottleSettings {
  /** Messages one client address may send per window (a shared office network counts as one address). */
  maxPerAddress: number;
  /** Messages naming one email address per window, from anywhere. */
  maxPerEmail: number;
  windowSeconds: number;
}

/**
 * Keeps the contact form from being used to flood the shop's inbox, in Redis so every replica shares it.
 * Both limits count every accepted message; emails are stored hashed (no address in Redis).
 */
export class MessageThrottle {
  private readonly byAddress: RateLimiterRedis;
  private readonly byEmail: RateLimiterRedis;

  constructor(redis: Redis, settings: MessageThrottleSettings) {
    this.byAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'contact:messages:address',
      points: settings.maxPerAddress,
      duration: settings.windowSeconds,
    });
    this.byEmail = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'contact:messages:email',
      points: settings.maxPerEmail,
      duration: settings.windowSeconds,
    });
  }

  /**
   * Counts one message from `address` for `email` (normalised); throws TOO_MANY_ATTEMPTS with
   * `retryAfterSeconds` when either limit is used up. A Redis failure is thrown too: the form fails closed.
   */
  async consume(address: string, email: string): Promise<void> {
    const outcomes = await Promise.allSettled([this.byAddress.consume(address), this.byEmail.consume(emailKey(email))]);
    const waits: number[] = [];
    for (const outcome of outcomes) {
      if (outcome.status === 'fulfilled') continue;
      if (!(outcome.reason instanceof RateLimiterRes)) throw outcome.reason;
      waits.push(outcome.reason.msBeforeNext);
    }
    if (waits.length > 0) throw tooManyAttempts({ what: 'Too many messages', waitMs: Math.max(...waits) });
  }
}

const emailKey = (email: string) => createHash('sha256').update(email).digest('hex');
