import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';

import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

import { createMigration } from './create';
import { diffMigrationsToSchema } from './diff';
import { readMigrations } from './migration-files';
import { copyPrismaDir } from './prisma-dir-copy';
import { SERVICES, servicePaths } from './services';

// Shadow databases are created (and dropped) on this server.
const SERVER_URL = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/flores_test';

/** The databases whose names start with `prefix` (other runs on the same server create shadow databases too). */
async function databasesNamed(prefix: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

describe('committed migrations vs schema.prisma', () => {
  it.each(SERVICES)('%s: the migrations produce exactly what schema.prisma describes', async (service) => {
    expect(readMigrations(service).length).toBeGreaterThan(0);
    expect(await diffMigrationsToSchema(service, { databaseUrl: SERVER_URL })).toBe('');
  });

  it('leaves no shadow database behind', async () => {
    const shadowDatabasePrefix = `prisma_shadow_${randomUUID().replaceAll('-', '').slice(0, 8)}`;
    await diffMigrationsToSchema('users', { databaseUrl: SERVER_URL, shadowDatabasePrefix });
    expect(await databasesNamed(shadowDatabasePrefix)).toEqual([]);
  });
});

describe('a schema change without a migration', () => {
  const copy = copyPrismaDir();
  afterAll(() => copy.remove());

  it('is detected as drift, and `create` turns it into a migration that removes the drift', async () => {
    const options = { databaseUrl: SERVER_URL, prismaDir: copy.dir };
    const { schemaFile } = servicePaths('auth', copy.dir);
    const schema = readFileSync(schemaFile, 'utf8');
    const changed = schema.replace('passwordHash String', 'nickname     String?\n  passwordHash String');
    expect(changed).not.toBe(schema);
    writeFileSync(schemaFile, changed);

    const drift = await diffMigrationsToSchema('auth', options);
    expect(drift).toMatch(/ALTER TABLE "auth"\."accounts" ADD COLUMN\s+"nickname" TEXT/);

    const created = await createMigration('auth', 'add nickname', options);
    expect(created?.name).toMatch(/^\d{14}_add_nickname$/);
    expect(created?.sql).toBe(drift);
    expect(
      readMigrations('auth', copy.dir)
        .map((m) => m.name)
        .at(-1),
    ).toBe(created?.name);
    expect(await diffMigrationsToSchema('auth', options)).toBe('');
    expect(await createMigration('auth', 'nothing', options)).toBeNull();
  });
});
