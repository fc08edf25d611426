import { MongoClient } from 'mongodb';
import { testEnv } from '../../test/support/test-env';

/**
 * The catalog, reviews and wishlist data of the benchmark: a database of its own beside the tests' one on the
 * tests' MongoDB server, emptied at the start of each run. The tests' database grows with every test run, and
 * FerretDB's cost per listing grows with it: a run-to-run comparison needs the same catalog each time.
 */
export const benchMongoUrl = (() => {
  const url = new URL(testEnv.MONGODB_URL);
  url.pathname = `${url.pathname.replace(/\/$/, '') || '/flores_test'}_bench`;
  return url.toString();
})();

export async function emptyBenchDatabase(): Promise<void> {
  const client = await MongoClient.connect(benchMongoUrl, { serverSelectionTimeoutMS: 10_000 });
  try {
    await client.db().dropDatabase();
  } finally {
    await client.close();
  }
}
