import { MongoClient, type Db } from 'mongodb';
import type { ReadinessCheck } from '../health';
import { countRoundTrip } from './round-trips';

export interface MongoStore {
  client: MongoClient;
  db: Db;
  readiness: ReadinessCheck;
  close: () => Promise<void>;
}

/**
 * Connects to the MongoDB-wire server; the database is the URL's path (`/flores`). `appName` is the service
 * name: every command it sends is counted as a round trip of that service (command monitoring sees each
 * command the driver sends, getMore included; heartbeats are not commands).
 */
export async function connectMongo(url: string, appName: string): Promise<MongoStore> {
  const client = new MongoClient(url, { appName, serverSelectionTimeoutMS: 5_000, monitorCommands: true });
  client.on('commandStarted', () => countRoundTrip(appName, 'mongodb'));
  await client.connect();
  const db = client.db();
  return {
    client,
    db,
    readiness: { name: 'mongodb', check: () => db.command({ ping: 1 }) },
    close: () => client.close(),
  };
}
