import { existsSync, readFileSync } from 'node:fs';

import type { MigrationList, SchemaFilter } from '@prisma/schema-engine-wasm/schema_engine_bg';

import { LOCKFILE_CONTENT, readMigrations } from './migration-files';
import { type Service, servicePaths } from './services';

export const NO_FILTER: SchemaFilter = { externalTables: [], externalEnums: [] };

/** A service's committed migrations in the shape the schema engine expects. */
export function engineMigrationList(service: Service, prismaDir?: string): MigrationList {
  const { migrationsDir, lockFile } = servicePaths(service, prismaDir);
  return {
    baseDir: migrationsDir,
    lockfile: {
      path: 'migration_lock.toml',
      content: existsSync(lockFile) ? readFileSync(lockFile, 'utf8') : LOCKFILE_CONTENT,
    },
    shadowDbInitScript: '',
    migrationDirectories: readMigrations(service, prismaDir).map((m) => ({
      path: m.name,
      migrationFile: { path: 'migration.sql', content: { tag: 'ok', value: m.sql } },
    })),
  };
}

export function readSchema(service: Service, prismaDir?: string): string {
  return readFileSync(servicePaths(service, prismaDir).schemaFile, 'utf8');
}
