import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScratchDatabase } from '../../test/support/scratch-stores';
import { applyMigrations } from '../migrations/apply';
import { SERVICES } from '../migrations/services';
import { backUpPostgres, restorePostgres } from './postgres-part';

describe('the PostgreSQL part of a backup, against the real server', () => {
  let database: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dir: string;
  const zones = async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query<{ id: string }>('SELECT id FROM orders.delivery_zones ORDER BY id')).rows.map((row) => row.id);
    } finally {
      await client.end();
    }
  };
  const addZone = async (id: string) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    await client.query(`INSERT INTO orders.delivery_zones (id, name, fee_cents, slot_capacity, active, updated_at) VALUES ($1, $1, 0, 1, true, now())`, [id]);
    await client.end();
  };

  beforeAll(async () => {
    database = await createScratchDatabase(`backup_pg_spec_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`);
    await applyMigrations({ databaseUrl: database.url });
    dir = await mkdtemp(join(tmpdir(), 'postgres-part-spec-'));
  });
  afterAll(async () => {
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('backs up every service schema with its migrations and row counts, refuses to back up a database without them', async () => {
    await addZone('providencia');
    const part = await backUpPostgres(database.url, dir);
    expect(part.schemas.map((s) => s.schema)).toEqual([...SERVICES]);
    const orders = part.schemas.find((s) => s.schema === 'orders')!;
    expect(orders.tables).toMatchObject({ delivery_zones: 1, orders: 0 });
    expect(orders.migrations[0]).toMatch(/_init$/);

    const empty = await createScratchDatabase(`backup_pg_empty_${Date.now().toString(36)}`);
    try {
      await expect(backUpPostgres(empty.url, dir)).rejects.toThrow(/schema auth is not in database backup_pg_empty_\w+: is DATABASE_URL the shop's/);
    } finally {
      await empty.drop();
    }
  });

  it('restores all or nothing: a row count that does not match rolls the whole restore back', async () => {
    const part = await backUpPostgres(database.url, dir); // providencia
    await addZone('nunoa');

    const wrong = structuredClone(part);
    wrong.schemas.find((s) => s.schema === 'orders')!.tables.delivery_zones = 5;
    await expect(restorePostgres(database.url, dir, wrong)).rejects.toThrow(/orders\.delivery_zones holds 1 rows after the restore, the backup 5/);
    expect(await zones()).toEqual(['nunoa', 'providencia']); // as before the attempt

    await restorePostgres(database.url, dir, part);
    expect(await zones()).toEqual(['providencia']);
  });

  it('restores into an empty database: schemas, tables, triggers and the migrations record', async () => {
    const part = await backUpPostgres(database.url, dir);
    await database.recreate();
    await restorePostgres(database.url, dir, part);
    expect(await zones()).toEqual(['providencia']);
    // The migrations table came back: migrate has nothing to apply.
    expect(Object.values(await applyMigrations({ databaseUrl: database.url })).flat()).toEqual([]);
    // The order log's append-only trigger came back too.
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const triggers = await client.query("SELECT tgname FROM pg_trigger WHERE tgname = 'order_events_append_only'");
    await client.end();
    expect(triggers.rowCount).toBe(1);
  });
});
