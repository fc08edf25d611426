import type { Redis } from 'ioredis';
import type { Logger } from '../../runtime/logger';
import type { TagEpochs } from './tag-epochs';

/**
 * Whether the router may use its caches now. Not while Redis is unreachable; and when it returns, or after an
 * invalidation failed, not until every answer cached before is marked stale (changes made meanwhile could not
 * be recorded, so nothing cached before them may be served after them).
 */
export class CacheAvailability {
  private suspended = false;
  private connectionLost = false;
  private retrying = false;

  constructor(
    private readonly redis: Redis,
    private readonly epochs: TagEpochs,
    private readonly logger: Logger,
  ) {
    redis.on('close', () => {
      this.connectionLost = true;
    });
    redis.on('ready', () => {
      if (!this.connectionLost) return;
      this.connectionLost = false;
      this.invalidateEverything();
    });
  }

  get usable(): boolean {
    return !this.suspended && this.redis.status === 'ready';
  }

  /** Stops using the caches until every answer cached so far is marked stale (retried until Redis takes it). */
  invalidateEverything(): void {
    this.suspended = true;
    if (this.retrying) return;
    this.retrying = true;
    const attempt = () =>
      void this.epochs.invalidateEverything().then(
        () => {
          this.retrying = false;
          this.suspended = false;
        },
        (error: unknown) => {
          this.logger.warn({ err: error }, 'could not invalidate the caches after a Redis outage or a failed invalidation; retrying');
          setTimeout(attempt, 1_000).unref();
        },
      );
    attempt();
  }
}
