import {
  MongoClient,
  MongoServerError,
  type Collection,
  type Db,
  type Document,
  type Filter,
  type FindOptions,
  type MongoClientOptions,
  type OptionalUnlessRequiredId,
  type WithId,
} from 'mongodb';
import type { ReadinessCheck } from '../health';
import { countRoundTrip, roundTripDuration } from './round-trips';

export interface MongoStore {
  client: MongoClient;
  db: Db;
  readiness: ReadinessCheck;
  close: () => Promise<void>;
}

/**
 * The connections one process opens at most (the driver's default is 100), unless the URL sets `maxPoolSize`.
 * FerretDB 1.x holds one of its PostgreSQL connections while an update waits for another, so as many updates at
 * once as it has connections (`pool_max_conns`) wait for each other for good and it answers nothing more, not even
 * a ping, until restarted. The services here give it 40 (scripts/services.sh): the three processes that use it stay
 * under that. Busy days served as many orders and answers with ten as with 100 (README, Storage notes); MongoDB
 * itself has no such limit.
 */
export const MONGO_MAX_POOL_SIZE = 10;

const poolSizeOf = (url: string): Pick<MongoClientOptions, 'maxPoolSize'> => (/[?&]maxPoolSize=/i.test(url) ? {} : { maxPoolSize: MONGO_MAX_POOL_SIZE });

/**
 * Connects to the MongoDB-wire server; the database is the URL's path (`/flores`). `appName` is the service
 * name: every command it sends is counted and timed as a round trip of that service (command monitoring sees each
 * command the driver sends, getMore included; heartbeats are not commands).
 */
export async function connectMongo(url: string, appName: string): Promise<MongoStore> {
  const client = new MongoClient(url, { appName, serverSelectionTimeoutMS: 5_000, monitorCommands: true, ...poolSizeOf(url) });
  client.on('commandStarted', () => countRoundTrip(appName, 'mongodb'));
  // The driver measures each command (milliseconds), answered or failed.
  const durations = roundTripDuration(appName);
  const observe = ({ duration }: { duration: number }) => durations.observe({ store: 'mongodb' }, duration / 1000);
  client.on('commandSucceeded', observe);
  client.on('commandFailed', observe);
  await client.connect();
  const db = client.db();
  return {
    client,
    db,
    readiness: { name: 'mongodb', check: () => db.command({ ping: 1 }) },
    close: () => client.close(),
  };
}

/** The server's code for a unique-index violation (MongoDB and FerretDB alike). */
export const DUPLICATE_KEY = 11000;

/**
 * Whether a write was refused by a unique index. FerretDB reports some of them (an update that would duplicate a
 * key) under another code, with the server's "duplicate key" message, so the message counts too.
 */
export const isDuplicateKey = (error: unknown): boolean =>
  error instanceof MongoServerError && (error.code === DUPLICATE_KEY || /duplicate key/.test(error.message));

/**
 * Inserts a document; false when a unique index says an equal one is already there. An insert checked by a
 * unique index is the one write FerretDB makes atomic, so idempotency and "exactly once" are built on it.
 */
export async function insertUnlessPresent<T extends Document & { _id: unknown }>(collection: Collection<T>, document: T): Promise<boolean> {
  try {
    await collection.insertOne(document as OptionalUnlessRequiredId<T>);
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * Cursor options for a read whose whole answer is used at once (a batch look-up, rows grouped or cut in memory): the
 * server's first batch holds 101 documents unless told otherwise, and each further batch is one more round trip, so a
 * page of 100 products would cost more trips than a page of 10. A batch still stops at the server's 16 MB.
 */
export const WHOLE_ANSWER = { batchSize: 100_000 } as const;

/**
 * The documents with these `_id`s (a DataLoader's batch), in one round trip. FerretDB serves only an `_id` equality
 * from an index and reads `_id: { $in }` by scanning the whole collection, so the usual batch of one is a point
 * look-up; a batch of several stays one `$in` query (MongoDB serves it from the `_id` index).
 */
export function findByIds<T extends Document & { _id: unknown }>(
  collection: Collection<T>,
  ids: readonly T['_id'][],
  options?: FindOptions,
): Promise<WithId<T>[]> {
  if (ids.length === 0) return Promise.resolve([]);
  const filter = ids.length === 1 ? { _id: ids[0] } : { _id: { $in: [...ids] } };
  return collection.find(filter as Filter<T>, { ...WHOLE_ANSWER, ...options }).toArray();
}
