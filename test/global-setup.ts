import { Redis } from 'ioredis';
import { applyMigrations } from '../scripts/migrations/apply';
import { testEnv } from './support/test-env';

/** Brings the test stores to a known state before any test runs. */
export default async function setup(): Promise<void> {
  await applyMigrations({ databaseUrl: testEnv.DATABASE_URL });
  // The tests' own Redis database: carts and sign-in failure counters of earlier runs must not carry over.
  const redis = new Redis(testEnv.REDIS_URL);
  await redis.flushdb();
  await redis.quit();
}
