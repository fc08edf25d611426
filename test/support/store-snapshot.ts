// Everything a set of stores holds, in a form two snapshots can be compared with toEqual: every row of the service
// schemas with their indexes, constraints, triggers and sequences; every document of the MongoDB database, byte for
// byte (BSON), with each collection's indexes; the durable Redis keys (DUMP payload and absolute expiry).
import { Redis } from 'ioredis';
import { type Document } from 'mongodb';
import pg from 'pg';
import { SERVICES } from '../../scripts/migrations/services';
import { quoteIdent } from '../../scripts/migrations/sql-identifier';
import { DURABLE_REDIS_KEYS } from '../../scripts/backup/redis-part';
import { testMongoClient } from './mongo-client';

export interface StoreSnapshot {
  postgresql: Record<string, { rows: Record<string, string[]>; objects: string[]; sequences: Record<string, string> }>;
  mongodb: Record<string, { documents: string[]; indexes: Document[] }>;
  redis: Record<string, { expireAt: number; dump: string }>;
}

async function postgresSnapshot(databaseUrl: string): Promise<StoreSnapshot['postgresql']> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const snapshot: StoreSnapshot['postgresql'] = {};
    for (const schema of SERVICES) {
      const rows: Record<string, string[]> = {};
      const tables = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY 1', [schema]);
      for (const { tablename } of tables.rows) {
        const result = await client.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${quoteIdent(schema)}.${quoteIdent(tablename)} t`);
        rows[tablename] = result.rows.map((r) => r.row).sort();
      }
      const objects = await client.query<{ line: string }>(
        `SELECT 'index ' || indexname || ': ' || indexdef AS line FROM pg_indexes WHERE schemaname = $1
         UNION ALL SELECT 'constraint ' || conrelid::regclass || '.' || conname || ': ' || pg_get_constraintdef(c.oid)
           FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1
         UNION ALL SELECT 'trigger ' || tgrelid::regclass || '.' || tgname FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid
           JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = $1 AND NOT tgisinternal
         UNION ALL SELECT 'function ' || p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
         ORDER BY 1`,
        [schema],
      );
      const sequences: Record<string, string> = {};
      const names = await client.query<{ name: string }>('SELECT sequencename AS name FROM pg_sequences WHERE schemaname = $1', [schema]);
      for (const { name } of names.rows) {
        const state = await client.query<{ last_value: string; is_called: boolean }>(
          `SELECT last_value, is_called FROM ${quoteIdent(schema)}.${quoteIdent(name)}`,
        );
        sequences[name] = `${state.rows[0].last_value} ${state.rows[0].is_called}`;
      }
      snapshot[schema] = { rows, objects: objects.rows.map((r) => r.line), sequences };
    }
    return snapshot;
  } finally {
    await client.end();
  }
}

async function mongoSnapshot(mongoUrl: string): Promise<StoreSnapshot['mongodb']> {
  const client = await testMongoClient(mongoUrl).connect();
  try {
    const db = client.db();
    const snapshot: StoreSnapshot['mongodb'] = {};
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    for (const name of names) {
      const raw = (await db.collection(name).find({}, { raw: true }).toArray()) as unknown as Buffer[];
      const indexes = (await db.collection(name).listIndexes().toArray()).map(({ v: _v, ns: _ns, ...spec }: Document) => spec);
      snapshot[name] = {
        documents: raw.map((bytes) => Buffer.from(bytes).toString('base64')).sort(),
        indexes: indexes.sort((a, b) => String(a.name).localeCompare(String(b.name))),
      };
    }
    return snapshot;
  } finally {
    await client.close();
  }
}

async function redisSnapshot(redisUrl: string): Promise<StoreSnapshot['redis']> {
  const redis = new Redis(redisUrl);
  try {
    const snapshot: StoreSnapshot['redis'] = {};
    for (const { pattern } of DURABLE_REDIS_KEYS) {
      for (const key of await redis.keys(pattern)) {
        const [dump, expireAt] = await Promise.all([redis.dumpBuffer(key), redis.pexpiretime(key)]);
        snapshot[key] = { expireAt, dump: dump.toString('base64') };
      }
    }
    return snapshot;
  } finally {
    redis.disconnect();
  }
}

export async function snapshotStores(env: { DATABASE_URL: string; MONGODB_URL: string; REDIS_URL: string }): Promise<StoreSnapshot> {
  return {
    postgresql: await postgresSnapshot(env.DATABASE_URL),
    mongodb: await mongoSnapshot(env.MONGODB_URL),
    redis: await redisSnapshot(env.REDIS_URL),
  };
}
