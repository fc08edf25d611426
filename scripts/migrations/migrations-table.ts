import type pg from 'pg';

import { quoteIdent } from './sql-identifier';

/** A row of Prisma's `_prisma_migrations` table. */
export interface AppliedMigrationRow {
  id: string;
  checksum: string;
  finished_at: Date | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: Date | null;
  started_at: Date;
  applied_steps_count: number;
}

function table(schema: string): string {
  return `${quoteIdent(schema)}."_prisma_migrations"`;
}

/**
 * The table exactly as Prisma's schema engine creates it for PostgreSQL (same columns, types,
 * defaults and order), so that `prisma migrate deploy/status` can read what we record.
 */
export function createMigrationsTableSql(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${table(schema)} (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;
}

export async function ensureMigrationsTable(client: pg.ClientBase, schema: string): Promise<void> {
  await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
  await client.query(createMigrationsTableSql(schema));
}

export async function migrationsTableExists(client: pg.ClientBase, schema: string): Promise<boolean> {
  const { rows } = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [table(schema)]);
  return rows[0]?.t != null;
}

/** Rows Prisma takes into account: those not marked rolled back, oldest first. */
export async function readMigrationRows(client: pg.ClientBase, schema: string): Promise<AppliedMigrationRow[]> {
  const { rows } = await client.query<AppliedMigrationRow>(`SELECT * FROM ${table(schema)} WHERE rolled_back_at IS NULL ORDER BY started_at, migration_name`);
  return rows;
}

export async function recordMigrationStarted(client: pg.ClientBase, schema: string, row: { id: string; name: string; checksum: string }): Promise<void> {
  await client.query(
    `INSERT INTO ${table(schema)} (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, clock_timestamp(), 0)`,
    [row.id, row.checksum, row.name],
  );
}

/** Prisma counts a migration.sql as one step and sets finished_at when it has run. */
export async function recordMigrationFinished(client: pg.ClientBase, schema: string, id: string): Promise<void> {
  await client.query(`UPDATE ${table(schema)} SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`, [id]);
}
