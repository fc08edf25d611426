import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { applyMigrations } from './apply';
import { engineMigrationList, NO_FILTER, readSchema } from './engine-inputs';
import { readMigrations } from './migration-files';
import { copyPrismaDir } from './prisma-dir-copy';
import { withSchemaEngine } from './schema-engine';
import { SERVICES, type Service, servicePaths } from './services';
import { createThrowawayDatabase, type ThrowawayDatabase } from './throwaway-database';

const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/flores_test';

async function query<R extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const names = (service: Service) => readMigrations(service).map((m) => m.name);
const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** What `\d _prisma_migrations` would show, comparable across databases. */
function describeMigrationsTable(url: string, schema: string) {
  return query(
    url,
    `SELECT column_name, ordinal_position, data_type, character_maximum_length, is_nullable, column_default
       FROM information_schema.columns WHERE table_schema = $1 AND table_name = '_prisma_migrations'
      ORDER BY ordinal_position`,
    [schema],
  );
}

describe('applyMigrations', () => {
  const databases: ThrowawayDatabase[] = [];
  const newDatabase = async () => {
    const db = await createThrowawayDatabase(SERVER_URL, 'flores_apply_test');
    databases.push(db);
    return db;
  };
  let db: ThrowawayDatabase;
  let firstRun: Awaited<ReturnType<typeof applyMigrations>>;

  beforeAll(async () => {
    db = await newDatabase();
    firstRun = await applyMigrations({ databaseUrl: db.url });
  });
  afterAll(async () => {
    for (const d of databases) await d.drop();
  });

  it('applies every committed migration of every service, and a second run applies nothing', async () => {
    for (const service of SERVICES) expect(firstRun[service]).toEqual(names(service));
    const secondRun = await applyMigrations({ databaseUrl: db.url });
    for (const service of SERVICES) expect(secondRun[service]).toEqual([]);
  });

  it.each(SERVICES)('%s: records each migration in its own schema as Prisma does', async (service) => {
    const rows = await query(db.url, `SELECT * FROM "${service}"."_prisma_migrations" ORDER BY started_at`);
    const { migrationsDir } = servicePaths(service);
    expect(rows.map((r) => r.migration_name)).toEqual(names(service));
    for (const row of rows) {
      expect(row.checksum).toBe(sha256(join(migrationsDir, row.migration_name, 'migration.sql')));
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.finished_at.getTime()).toBeGreaterThanOrEqual(row.started_at.getTime());
      expect(row.applied_steps_count).toBe(1);
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
    }
  });

  it('creates the tables in their service schemas and nothing in public', async () => {
    const tables = await query<{ t: string }>(
      db.url,
      `SELECT table_schema || '.' || table_name AS t FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1`,
    );
    // Every model's table (its @@map) in its own service's schema, beside Prisma's history table.
    const expected = SERVICES.flatMap((service) => [
      `${service}._prisma_migrations`,
      ...[...readSchema(service).matchAll(/@@map\("([^"]+)"\)/g)].map((match) => `${service}.${match[1]}`),
    ]).sort();
    expect(tables.map((r) => r.t).sort()).toEqual(expected);
  });

  it.each(SERVICES)("%s: Prisma's schema engine reads our records as its own", async (service) => {
    const connection = { databaseUrl: db.url, defaultSchema: service };
    const migrationsList = engineMigrationList(service);
    const diagnosis = await withSchemaEngine(readSchema(service), connection, (engine) =>
      engine.diagnoseMigrationHistory({ migrationsList, optInToShadowDatabase: false, filters: NO_FILTER }),
    );
    expect(diagnosis).toEqual({ editedMigrationNames: [], failedMigrationNames: [], hasMigrationsTable: true, history: null });
    const deploy = await withSchemaEngine(readSchema(service), connection, (engine) => engine.applyMigrations({ migrationsList, filters: NO_FILTER }));
    expect(deploy.appliedMigrationNames).toEqual([]);
  });

  it("creates _prisma_migrations like Prisma's engine, and accepts the engine's records", async () => {
    const byPrisma = await newDatabase();
    const deploy = await withSchemaEngine(readSchema('contact'), { databaseUrl: byPrisma.url, defaultSchema: 'contact' }, (engine) =>
      engine.applyMigrations({ migrationsList: engineMigrationList('contact'), filters: NO_FILTER }),
    );
    expect(deploy.appliedMigrationNames).toEqual(names('contact'));
    expect(await describeMigrationsTable(db.url, 'contact')).toEqual(await describeMigrationsTable(byPrisma.url, 'contact'));

    const recorded = (url: string) => query(url, 'SELECT migration_name, checksum, applied_steps_count FROM contact._prisma_migrations');
    expect(await recorded(db.url)).toEqual(await recorded(byPrisma.url));
    expect(await applyMigrations({ databaseUrl: byPrisma.url, services: ['contact'] })).toEqual({ contact: [] });
  });

  it('applies each migration once when two runs race', async () => {
    const fresh = await newDatabase();
    const runs = await Promise.all([applyMigrations({ databaseUrl: fresh.url }), applyMigrations({ databaseUrl: fresh.url })]);
    for (const service of SERVICES) {
      expect([...(runs[0][service] ?? []), ...(runs[1][service] ?? [])]).toEqual(names(service));
      const rows = await query(fresh.url, `SELECT migration_name FROM "${service}"."_prisma_migrations"`);
      expect(rows).toHaveLength(names(service).length);
    }
  });

  describe('with a modified copy of the migrations', () => {
    const copy = copyPrismaDir();
    afterAll(() => copy.remove());
    const initFile = () => join(servicePaths('auth', copy.dir).migrationsDir, names('auth')[0], 'migration.sql');

    it('tolerates line-ending changes in an applied migration, as Prisma does', async () => {
      writeFileSync(initFile(), readFileSync(initFile(), 'utf8').replaceAll('\n', '\r\n'));
      expect(await applyMigrations({ databaseUrl: db.url, prismaDir: copy.dir, services: ['auth'] })).toEqual({ auth: [] });
    });

    it('fails clearly when an applied migration was edited', async () => {
      appendFileSync(initFile(), '-- edited after being applied\n');
      await expect(applyMigrations({ databaseUrl: db.url, prismaDir: copy.dir })).rejects.toThrow(
        new RegExp(`auth: .*checksum mismatch[\\s\\S]*${names('auth')[0]}`),
      );
    });

    it('rolls a failing migration back entirely and records nothing', async () => {
      const broken = '29991231000000_broken';
      const dir = join(servicePaths('contact', copy.dir).migrationsDir, broken);
      mkdirSync(dir);
      writeFileSync(join(dir, 'migration.sql'), 'CREATE TABLE "contact"."leftover" (id INT);\nSELECT 1 / 0;\n');

      await expect(applyMigrations({ databaseUrl: db.url, prismaDir: copy.dir, services: ['contact'] })).rejects.toThrow(
        /contact: migration 29991231000000_broken failed and was rolled back: division by zero/,
      );
      expect(await query(db.url, "SELECT to_regclass('contact.leftover') AS t")).toEqual([{ t: null }]);
      const rows = await query(db.url, 'SELECT 1 FROM contact._prisma_migrations WHERE migration_name = $1', [broken]);
      expect(rows).toEqual([]);
    });
  });
});
