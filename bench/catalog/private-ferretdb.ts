import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient } from 'mongodb';
import { Client } from 'pg';
import { freePort } from '../shared/processes';

/** A MongoDB-wire server for the benchmark alone, whose CPU (and its PostgreSQL backends') can be told apart. */
export interface BenchStore {
  /** The database URL the catalog gets (its own database, emptied by `start`). */
  mongoUrl: string;
  /** The FerretDB process, when it is the benchmark's own. */
  pid: number;
  /** PostgreSQL backends serving it now (read at each measurement: pools open and close connections). */
  backends: () => Promise<number[]>;
  /** False when the shared FerretDB had to be measured: its CPU then includes everyone else's work. */
  isolated: boolean;
  stop: () => Promise<void>;
}

const pgUrl = (databaseUrl: string, database: string) => {
  const url = new URL(databaseUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

async function backendsOf(databaseUrl: string, database: string): Promise<number[]> {
  const client = new Client({ connectionString: pgUrl(databaseUrl, 'postgres') });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database]);
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/** The binary of the FerretDB that `npm run services` started (the process on the MongoDB port). */
function ferretdbBinary(): { pid: number; binary: string } | null {
  try {
    const pid = Number(execFileSync('pgrep', ['-x', 'ferretdb'], { encoding: 'utf8' }).trim().split('\n')[0]);
    return pid ? { pid, binary: readlinkSync(`/proc/${pid}/exe`) } : null;
  } catch {
    return null;
  }
}

async function answers(url: string): Promise<boolean> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 500 });
  try {
    await client.connect();
    await client.db().command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

/**
 * Connections each process opens to a benchmark FerretDB (the harness, the catalog, the reviews, the set-up's
 * client), and the PostgreSQL connections that FerretDB has: more than they can use together, since FerretDB 1.x
 * stops answering for good when as many updates wait at once as it has connections (runtime/stores/mongo.ts).
 */
const CLIENT_POOL = 3;
const FERRETDB_PG_POOL = 16;

/**
 * Starts a FerretDB of the benchmark's own named `name` (the same binary, on a free port, over a PostgreSQL database
 * of its own), so the store's CPU per page is this benchmark target's alone; falls back to the shared one (`sharedMongoUrl`,
 * noisy when others use it) when no FerretDB binary is found. Its database is emptied either way.
 */
export async function startBenchStore(databaseUrl: string, sharedMongoUrl: string, name: string): Promise<BenchStore> {
  const PG_DATABASE = `ferretdb_bench_${name}`;
  const MONGO_DATABASE = `flores_bench_${name}`;
  const found = ferretdbBinary();
  if (!found) {
    const url = new URL(sharedMongoUrl);
    url.pathname = `/${MONGO_DATABASE}`;
    const client = await MongoClient.connect(url.toString());
    await client.db().dropDatabase();
    await client.close();
    return { mongoUrl: url.toString(), pid: 0, backends: () => backendsOf(databaseUrl, 'ferretdb'), isolated: false, stop: async () => {} };
  }
  const admin = new Client({ connectionString: pgUrl(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [PG_DATABASE]);
    if (!rowCount) await admin.query(`CREATE DATABASE ${PG_DATABASE}`);
  } finally {
    await admin.end();
  }
  const port = await freePort();
  const stateDir = mkdtempSync(join(tmpdir(), 'bench-ferretdb-'));
  const pg = new URL(pgUrl(databaseUrl, PG_DATABASE));
  pg.searchParams.set('pool_max_conns', String(FERRETDB_PG_POOL));
  const child = spawn(
    found.binary,
    [
      '--handler=postgresql',
      `--postgresql-url=${pg.toString()}`,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${stateDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const mongoUrl = `mongodb://127.0.0.1:${port}/${MONGO_DATABASE}?maxPoolSize=${CLIENT_POOL}`;
  const stop = async () => {
    child.kill('SIGTERM');
    await exited;
    rmSync(stateDir, { recursive: true, force: true });
  };
  for (let tries = 0; !(await answers(mongoUrl)); tries += 1) {
    if (tries > 100 || child.exitCode !== null) {
      await stop();
      throw new Error('the benchmark FerretDB did not start');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const client = await MongoClient.connect(mongoUrl);
  await client.db().dropDatabase();
  await client.close();
  return { mongoUrl, pid: child.pid!, backends: () => backendsOf(databaseUrl, PG_DATABASE), isolated: true, stop };
}
