import { Redis } from 'ioredis';
import type { ReadinessCheck } from '../health';

export interface RedisStore {
  redis: Redis;
  readiness: ReadinessCheck;
  close: () => Promise<void>;
}

/** Connects to Redis and waits until it answers, so a wrong URL fails at start. */
export async function connectRedis(url: string, connectionName: string): Promise<RedisStore> {
  const redis = new Redis(url, { connectionName, lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  return {
    redis,
    readiness: { name: 'redis', check: () => redis.ping() },
    close: async () => {
      await redis.quit();
    },
  };
}
