import { Redis } from 'ioredis';
import type { Logger } from '../runtime/logger';

/**
 * The router's Redis (response cache, persisted queries, rate limits). The router must keep answering when
 * Redis is down, so nothing waits for it: commands fail at once while it is unreachable (no offline queue,
 * no per-command retries), callers treat a failure as "not cached" / "not counted", and the client reconnects
 * in the background with backoff, so everything works again when Redis returns.
 */
export function connectRouterRedis(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    connectionName: 'router',
    lazyConnect: false,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: 500,
    // Commands issued in the same tick (a cache lookup and a rate-limit count, many requests at once) go out
    // in one write: under load the router's Redis work is mostly the cost of each socket write.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (!down) logger.warn({ err: error }, 'Redis unreachable: answering without the cache, persisted queries and Redis rate limits until it returns');
    down = true;
  });
  redis.on('ready', () => {
    if (down) logger.info('Redis is back');
    down = false;
  });
  return redis;
}
