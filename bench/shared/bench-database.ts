import { MongoClient } from 'mongodb';
import { applyMigrations } from '../../scripts/migrations/apply';
import { serveTestShoppersZone } from '../../subgraphs/orders/shoppers-zone.test-setup';
import { testEnv } from '../../test/support/test-env';

/**
 * The catalog, reviews and wishlist data of a benchmark: a database of its own beside the tests' one on the
 * tests' MongoDB server (`<tests' database>_<suffix>`), emptied at the start of each run. The tests' database
 * grows with every test run, and FerretDB's cost per listing grows with it: a run-to-run comparison needs the
 * same catalog each time. Each benchmark has its own suffix, so two of them never share data.
 */
export function benchMongoUrl(suffix: string): string {
  const url = new URL(testEnv.MONGODB_URL);
  url.pathname = `${url.pathname.replace(/\/$/, '') || '/flores_test'}_${suffix}`;
  return url.toString();
}

export async function emptyBenchDatabase(mongoUrl: string): Promise<void> {
  const client = await MongoClient.connect(mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}

/** The stores a benchmark starts from: the tests' PostgreSQL schemas migrated (shoppers' delivery zone served), its own MongoDB database empty. */
export async function prepareBenchStores(mongoUrl: string): Promise<void> {
  const migrated = applyMigrations({ databaseUrl: testEnv.DATABASE_URL }).then(() => serveTestShoppersZone(testEnv.DATABASE_URL));
  await Promise.all([migrated, emptyBenchDatabase(mongoUrl)]);
}
