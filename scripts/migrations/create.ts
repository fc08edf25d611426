import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { diffMigrationsToSchema, type DiffOptions } from './diff';
import { LOCKFILE_CONTENT, readMigrations } from './migration-files';
import { type Service, servicePaths } from './services';

/** Prisma's folder prefix: UTC time as YYYYMMDDHHMMSS. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Prisma's rule for the name part: lower case, anything but letters/digits becomes "_". */
export function migrationSlug(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!slug) throw new Error(`Invalid migration name: ${JSON.stringify(name)}`);
  return slug;
}

/** A folder name that sorts after every existing migration, even if the clock disagrees. */
function nextFolderName(existing: string[], slug: string, now: Date): string {
  let ts = timestamp(now);
  const last = existing.at(-1)?.slice(0, 14);
  if (last && ts <= last) ts = String(BigInt(last) + 1n);
  return `${ts}_${slug}`;
}

export interface CreatedMigration {
  name: string;
  file: string;
  sql: string;
}

/**
 * Writes prisma/<service>/migrations/<timestamp>_<name>/migration.sql with the SQL from the committed
 * migrations to schema.prisma. Returns null (and writes nothing) when there is no change.
 */
export async function createMigration(service: Service, name: string, options: DiffOptions & { now?: Date } = {}): Promise<CreatedMigration | null> {
  const slug = migrationSlug(name);
  const sql = await diffMigrationsToSchema(service, options);
  if (!sql) return null;

  const { migrationsDir, lockFile } = servicePaths(service, options.prismaDir);
  const folder = nextFolderName(
    readMigrations(service, options.prismaDir).map((m) => m.name),
    slug,
    options.now ?? new Date(),
  );
  mkdirSync(join(migrationsDir, folder), { recursive: true });
  const file = join(migrationsDir, folder, 'migration.sql');
  writeFileSync(file, sql);
  if (!existsSync(lockFile)) writeFileSync(lockFile, LOCKFILE_CONTENT);
  return { name: folder, file, sql };
}
