import type { Redis } from 'ioredis';
import type { Logger } from '../../runtime/logger';

/**
 * Apollo's KeyValueCache (response cache, persisted queries) over the router's Redis. It never fails a
 * request: while Redis is unreachable a read is a miss and a write is dropped (router/router-redis.ts fails
 * commands at once rather than queueing them).
 */
export class RedisKeyValueCache {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly logger: Logger,
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.prefix + key)) ?? undefined;
    } catch (error) {
      this.logger.debug({ err: error }, 'cache read failed; treated as a miss');
      return undefined;
    }
  }

  async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
    try {
      const ttl = options?.ttl;
      if (ttl === 0) return; // nothing may be kept
      if (ttl) await this.redis.set(this.prefix + key, value, 'EX', Math.ceil(ttl));
      else await this.redis.set(this.prefix + key, value);
    } catch (error) {
      this.logger.debug({ err: error }, 'cache write failed; dropped');
    }
  }

  async delete(key: string): Promise<boolean | void> {
    try {
      return (await this.redis.del(this.prefix + key)) > 0;
    } catch (error) {
      this.logger.debug({ err: error }, 'cache delete failed');
    }
  }
}
