import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { SERVICES } from '../migrations/services';
import { quoteIdent } from '../migrations/sql-identifier';
import { BackupRefused, type PostgresPart, type PostgresSchemaPart } from './manifest';
import { databaseName, libpqConnection } from './libpq-connection';
import { runTool, startTool } from './tool-process';

// PostgreSQL: the schemas of auth, users, orders and contact (each service's own, in DATABASE_URL's database), with
// everything in them (tables, sequences, functions, triggers, their `_prisma_migrations`), by pg_dump.

const FILE = 'postgresql.dump';

/**
 * pg_dump of every service schema, from one snapshot (exported here, so the row counts in the manifest are those
 * of the dump): orders, accounts and profiles are backed up as of one instant.
 */
export async function backUpPostgres(databaseUrl: string, dir: string): Promise<PostgresPart> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    const server = (await client.query<{ server_version: string }>('SHOW server_version')).rows[0].server_version;
    const schemas: PostgresSchemaPart[] = [];
    for (const schema of SERVICES) schemas.push(await describeSchema(client, schema, databaseName(databaseUrl)));
    const connection = libpqConnection(databaseUrl);
    const pgDump = (await runTool('pg_dump', ['--version'])).trim();
    await runTool(
      'pg_dump',
      [
        '--format=custom',
        `--snapshot=${snapshot}`,
        '--no-owner',
        '--no-privileges',
        '--strict-names',
        ...SERVICES.map((schema) => `--schema=${quoteIdent(schema)}`),
        `--file=${dir}/${FILE}`,
        `--dbname=${connection.uri}`,
      ],
      { env: connection.env },
    );
    await client.query('COMMIT');
    return { server, pgDump, database: databaseName(databaseUrl), file: FILE, schemas };
  } finally {
    await client.end();
  }
}

async function describeSchema(client: pg.Client, schema: string, database: string): Promise<PostgresSchemaPart> {
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rowCount === 0) {
    throw new Error(`schema ${schema} is not in database ${database}: is DATABASE_URL the shop's, and are its migrations applied (npm run migrate)?`);
  }
  const tables: Record<string, number> = {};
  const names = await client.query<{ tablename: string }>('SELECT tablename FROM pg_tables WHERE schemaname = $1 ORDER BY tablename', [schema]);
  for (const { tablename } of names.rows) {
    const counted = await client.query<{ rows: string }>(`SELECT count(*) AS rows FROM ${quoteIdent(schema)}.${quoteIdent(tablename)}`);
    tables[tablename] = Number(counted.rows[0].rows);
  }
  const migrations =
    '_prisma_migrations' in tables
      ? (
          await client.query<{ migration_name: string }>(
            `SELECT migration_name FROM ${quoteIdent(schema)}."_prisma_migrations"
             WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
          )
        ).rows.map((row) => row.migration_name)
      : [];
  return { schema, migrations, tables };
}

/**
 * Replaces the backed-up schemas with the backup's, in one transaction: each is dropped (with whatever is in it) and
 * made again from the dump, then every table's row count is checked against the manifest before the commit. Into an
 * empty database or one already holding the shop alike; the database itself must exist. Anything fails: nothing
 * changed.
 */
export async function restorePostgres(databaseUrl: string, dir: string, part: PostgresPart): Promise<void> {
  for (const { schema } of part.schemas) {
    if (!(SERVICES as readonly string[]).includes(schema)) throw new BackupRefused(`the backup holds schema ${schema}, which is no service's`);
  }
  const checks = rowCountChecks(part);
  const connection = libpqConnection(databaseUrl);
  const psql = startTool('psql', ['--no-psqlrc', '--quiet', '--single-transaction', '--set=ON_ERROR_STOP=1', `--dbname=${connection.uri}`], {
    env: connection.env,
    stdin: 'pipe',
  });
  const stdin = psql.child.stdin!;
  stdin.on('error', () => undefined); // psql stopped reading: its exit says why
  const restore = startTool('pg_restore', ['--no-owner', '--no-privileges', '--file=-', `${dir}/${part.file}`], { keepStdout: false });
  // Whichever fails first stops the other (psql must never reach the end of its input, a commit, after a failure),
  // and its error is the one reported: psql's names the statement that failed, pg_restore's why the dump is unreadable.
  let firstFailure: unknown;
  const stopOnFailure = (other: ChildProcess) => (error: unknown) => {
    firstFailure ??= error;
    other.kill('SIGKILL');
  };
  psql.finished.catch(stopOnFailure(restore.child));
  restore.finished.catch(stopOnFailure(psql.child));
  stdin.write(`SET lock_timeout = '60s';\nDROP SCHEMA IF EXISTS ${part.schemas.map((s) => quoteIdent(s.schema)).join(', ')} CASCADE;\n`);
  restore.child.stdout!.pipe(stdin, { end: false });
  const outcomes = await Promise.allSettled([restore.finished.then(() => stdin.end(checks)), psql.finished]);
  if (outcomes.some((outcome) => outcome.status === 'rejected')) throw firstFailure;
}

/** A DO block that fails the transaction when a table holds another number of rows than the backup counted. */
function rowCountChecks(part: PostgresPart): string {
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const checks = part.schemas.flatMap(({ schema, tables }) =>
    Object.entries(tables).map(([table, rows]) => {
      if (!Number.isSafeInteger(rows) || rows < 0) throw new BackupRefused(`the manifest's row count of ${schema}.${table} is not a count`);
      return (
        `  SELECT count(*) INTO found FROM ${quoteIdent(schema)}.${quoteIdent(table)};\n` +
        `  IF found <> ${rows} THEN RAISE EXCEPTION '% holds % rows after the restore, the backup %', ${literal(`${schema}.${table}`)}, found, ${rows}; END IF;\n`
      );
    }),
  );
  return `DO $restore_check$\nDECLARE found bigint;\nBEGIN\n${checks.join('')}END\n$restore_check$;\n`;
}
