import { Redis } from 'ioredis';
import { applyMigrations } from '../scripts/migrations/apply';
import { serveTestShoppersZone } from '../subgraphs/orders/shoppers-zone.test-setup';
import { testEnv } from './support/test-env';
import { testMongoClient } from './support/mongo-client';

/** Brings the test stores to a known state before any test runs. */
export default async function setup(): Promise<void> {
  await applyMigrations({ databaseUrl: testEnv.DATABASE_URL });
  await serveTestShoppersZone(testEnv.DATABASE_URL);
  // Several test runs sharing the stores at once (developers working side by side) set this, so one run's
  // start does not wipe what another is using.
  if (process.env.TEST_KEEP_STORES === '1') return;
  // The tests' own Redis database: carts and sign-in failure counters of earlier runs must not carry over.
  const redis = new Redis(testEnv.REDIS_URL);
  await redis.flushdb();
  await redis.quit();
  // The tests' own MongoDB-wire database starts empty: FerretDB scans whole collections for `$in` and sorted
  // queries, so products left by earlier runs would slow every run down (services create their indexes at start).
  const mongo = testMongoClient();
  await mongo.db().dropDatabase();
  await mongo.close();
}
