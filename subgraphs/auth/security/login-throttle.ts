import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { tooManyAttempts } from '../../../runtime/errors';

export interface LoginThrottleSettings {
  /** Consecutive failed sign-ins to one account (by email) before it is locked. */
  maxAccountFailures: number;
  /** Failed sign-ins from one client address, within `lockoutSeconds`, before the address is locked. */
  maxAddressFailures: number;
  lockoutSeconds: number;
}

// Failures against one account are "consecutive" until a success clears them; a day bounds what Redis keeps.
const ACCOUNT_MEMORY_SECONDS = 24 * 60 * 60;

/**
 * Brute-force protection for password sign-in, in Redis so every replica shares it. Accounts are keyed
 * by a hash of the normalised email, unknown emails included: the lockout behaves the same whether the
 * account exists or not, and no email address is written to Redis.
 */
export class LoginThrottle {
  private readonly byAccount: RateLimiterRedis;
  private readonly byAddress: RateLimiterRedis;

  constructor(
    redis: Redis,
    private readonly settings: LoginThrottleSettings,
  ) {
    this.byAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'auth:login-failures:account',
      points: settings.maxAccountFailures,
      duration: ACCOUNT_MEMORY_SECONDS,
    });
    this.byAddress = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: 'auth:login-failures:address',
      points: settings.maxAddressFailures,
      duration: settings.lockoutSeconds,
    });
  }

  /** Throws TOO_MANY_ATTEMPTS (with `retryAfterSeconds`) while the account or the address is locked. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, fromAddress] = await Promise.all([this.byAccount.get(accountKey(email)), this.byAddress.get(address)]);
    const waits = [lockedFor(account, this.settings.maxAccountFailures), lockedFor(fromAddress, this.settings.maxAddressFailures)].filter(
      (wait): wait is number => wait !== null,
    );
    if (waits.length > 0) {
      throw tooManyAttempts({ what: 'Too many failed sign-ins', waitMs: Math.max(...waits) });
    }
  }

  /** Counts a failed attempt; reaching a limit locks for `lockoutSeconds` from now. */
  async recordFailure(email: string, address: string): Promise<void> {
    await Promise.all([
      this.countFailure(this.byAccount, accountKey(email), this.settings.maxAccountFailures),
      this.countFailure(this.byAddress, address, this.settings.maxAddressFailures),
    ]);
  }

  /** A correct password clears the account's failures (not the address's: one success must not reset a spray). */
  async recordSuccess(email: string): Promise<void> {
    await this.byAccount.delete(accountKey(email));
  }

  private async countFailure(limiter: RateLimiterRedis, key: string, limit: number): Promise<void> {
    let result: RateLimiterRes;
    try {
      result = await limiter.consume(key);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return; // already locked
      throw rejection; // Redis failed: sign-in fails closed rather than unthrottled
    }
    if (result.consumedPoints >= limit) await limiter.block(key, this.settings.lockoutSeconds);
  }
}

/** How long (ms) the lock of `result` lasts; null when it is not locked. */
function lockedFor(result: RateLimiterRes | null, limit: number): number | null {
  if (!result || result.consumedPoints < limit) return null;
  return result.msBeforeNext;
}

const accountKey = (email: string) => createHash('sha256').update(email).digest('hex');
