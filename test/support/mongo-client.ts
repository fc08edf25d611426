import { MongoClient } from 'mongodb';
import { testEnv } from './test-env';

/**
 * Connections a test's own MongoDB client opens at most: with the capped clients of a supergraph's catalog, wishlist
 * and reviews (10 each), still fewer than the services' FerretDB has, which stops answering for good when as many
 * updates wait at once as it has connections (runtime/stores/mongo.ts).
 */
const TEST_CLIENT_POOL = 4;

/** A test's own client (not connected yet), for setting up and reading back what the services stored. */
export const testMongoClient = (url: string = testEnv.MONGODB_URL): MongoClient => new MongoClient(url, { maxPoolSize: TEST_CLIENT_POOL });
