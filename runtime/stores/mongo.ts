import { MongoClient, type Db } from 'mongodb';
import type { ReadinessCheck } from '../health';

export interface MongoStore {
  client: MongoClient;
  db: Db;
  readiness: ReadinessCheck;
  close: () => Promise<void>;
}

/** Connects to the MongoDB-wire server; the database is the URL's path (`/flores`). */
export async function connectMongo(url: string, appName: string): Promise<MongoStore> {
  const client = new MongoClient(url, { appName, serverSelectionTimeoutMS: 5_000 });
  await client.connect();
  const db = client.db();
  return {
    client,
    db,
    readiness: { name: 'mongodb', check: () => db.command({ ping: 1 }) },
    close: () => client.close(),
  };
}
