import { MongoClient } from 'mongodb';
import { testEnv } from '../../test/support/test-env';

/** A database of the tests' MongoDB server named `<tests' database>_<suffix>`, for one benchmark's data. */
export function benchDatabaseUrl(suffix: string): string {
  const url = new URL(testEnv.MONGODB_URL);
  url.pathname = `${url.pathname.replace(/\/$/, '') || '/flores_test'}_${suffix}`;
  return url.toString();
}

/**
 * The catalog, reviews and wishlist data of the benchmark: a database of its own beside the tests' one on the
 * tests' MongoDB server, emptied at the start of each run. The tests' database grows with every test run, and
 * FerretDB's cost per listing grows with it: a run-to-run comparison needs the same catalog each time.
 */
export const benchMongoUrl = benchDatabaseUrl('bench');

export async function emptyBenchDatabase(mongoUrl: string = benchMongoUrl): Promise<void> {
  const client = await MongoClient.connect(mongoUrl, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}
