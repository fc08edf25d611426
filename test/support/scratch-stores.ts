// Stores of a test's own, so it can destroy and restore them beside other runs on the same servers: a PostgreSQL
// database, a MongoDB-wire database, a Redis db number claimed for the run, and a RabbitMQ virtual host (so no
// other run's consumers take this run's events). `drop` removes them all.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { quoteIdent } from '../../scripts/migrations/sql-identifier';
import { testEnv } from './test-env';
import { testMongoClient } from './mongo-client';

const run = promisify(execFile);

/** Marks a Redis db as taken by a run; it expires, so a db left by a run that died is free again. */
export const REDIS_CLAIM_KEY = 'flores-test:claimed-by';
/** The db numbers scratch stores may claim (0 is the developer's, 1 the tests'). */
const REDIS_DBS = [15, 14, 13, 12, 11, 10, 9, 8];

export interface ScratchStores {
  name: string;
  env: { DATABASE_URL: string; MONGODB_URL: string; REDIS_URL: string; RABBITMQ_URL: string };
  /** Creates the PostgreSQL database again, empty (no schema, no migration). */
  recreateDatabase: () => Promise<void>;
  drop: () => Promise<void>;
}

const withUrl = (base: string, path: string) => {
  const url = new URL(base);
  url.pathname = `/${path}`;
  return url.toString();
};

async function onAdminDatabase(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withUrl(testEnv.DATABASE_URL, 'postgres') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A PostgreSQL database of its own (empty: no schema, no migration), on the tests' server. */
export async function createScratchDatabase(name: string): Promise<{ url: string; recreate: () => Promise<void>; drop: () => Promise<void> }> {
  await onAdminDatabase(`CREATE DATABASE ${quoteIdent(name)}`);
  const drop = () => onAdminDatabase(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
  return {
    url: withUrl(testEnv.DATABASE_URL, name),
    recreate: async () => {
      await drop();
      await onAdminDatabase(`CREATE DATABASE ${quoteIdent(name)}`);
    },
    drop,
  };
}

/** Takes the first Redis db no live run has claimed, and empties it of what a dead run left; its URL. */
export async function claimRedisDb(name: string): Promise<string> {
  for (const db of REDIS_DBS) {
    const url = withUrl(testEnv.REDIS_URL, String(db));
    const redis = new Redis(url);
    try {
      if ((await redis.set(REDIS_CLAIM_KEY, name, 'EX', 3_600, 'NX')) !== 'OK') continue;
      const others = (await redis.keys('*')).filter((key) => key !== REDIS_CLAIM_KEY);
      if (others.length > 0) await redis.unlink(...others);
      return url;
    } finally {
      redis.disconnect();
    }
  }
  throw new Error(`every Redis db of ${REDIS_DBS.join(', ')} is claimed by another run`);
}

/** Empties a claimed Redis db, its claim included. */
export async function releaseRedisDb(url: string): Promise<void> {
  const redis = new Redis(url);
  await redis.flushdb();
  redis.disconnect();
}

async function rabbitmqctl(...args: string[]): Promise<void> {
  await run('rabbitmqctl', ['-q', ...args], { timeout: 60_000 });
}

export async function createScratchStores(prefix: string): Promise<ScratchStores> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const database = await createScratchDatabase(name);
  const redisUrl = await claimRedisDb(name);
  await rabbitmqctl('add_vhost', name);
  await rabbitmqctl('set_permissions', '-p', name, new URL(testEnv.RABBITMQ_URL).username || 'guest', '.*', '.*', '.*');
  const env = {
    DATABASE_URL: database.url,
    MONGODB_URL: withUrl(testEnv.MONGODB_URL, name),
    REDIS_URL: redisUrl,
    RABBITMQ_URL: withUrl(testEnv.RABBITMQ_URL, name),
  };
  return {
    name,
    env,
    recreateDatabase: database.recreate,
    drop: async () => {
      await database.drop();
      const mongo = await testMongoClient(env.MONGODB_URL).connect();
      await mongo.db().dropDatabase();
      await mongo.close();
      await releaseRedisDb(redisUrl);
      await rabbitmqctl('delete_vhost', name);
    },
  };
}
