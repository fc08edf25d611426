import { Redis } from 'ioredis';
import { afterAll, beforeAll } from 'vitest';
import { testEnv } from './test-env';

/** Two connections to the tests' Redis, open for the enclosing `describe`: one router's, and a second router's. */
export function routerConnections(): { readonly redis: Redis; readonly other: Redis } {
  const connections = {} as { redis: Redis; other: Redis };
  beforeAll(() => {
    connections.redis = new Redis(testEnv.REDIS_URL);
    connections.other = new Redis(testEnv.REDIS_URL);
  });
  afterAll(async () => {
    await connections.redis.quit();
    await connections.other.quit();
  });
  return connections;
}
