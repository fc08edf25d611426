import type { DiffTarget } from '@prisma/schema-engine-wasm/schema_engine_bg';

import { DEFAULT_DATABASE_URL } from './database-url';
import { engineMigrationList, NO_FILTER, readSchema } from './engine-inputs';
import { withSchemaEngine } from './schema-engine';
import type { Service } from './services';

export interface DiffOptions {
  /** Server for the shadow database (a throwaway database is created and dropped there). */
  databaseUrl?: string;
  /** Defaults to <repo>/prisma; tests point it at a modified copy. */
  prismaDir?: string;
  /** Prefix of the shadow database's name; a test gives its own, so it sees only what it created. */
  shadowDatabasePrefix?: string;
}

/** The engine prints a comment-only script when nothing changes: keep real statements only. */
function hasStatements(script: string): boolean {
  return script.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--'));
}

async function diffToSchema(service: Service, from: 'empty' | 'migrations', options: DiffOptions): Promise<string> {
  const schema = readSchema(service, options.prismaDir);
  const source: DiffTarget = from === 'empty' ? { tag: 'empty' } : { tag: 'migrations', ...engineMigrationList(service, options.prismaDir) };
  const result = await withSchemaEngine(
    schema,
    { databaseUrl: options.databaseUrl ?? DEFAULT_DATABASE_URL, shadowDatabasePrefix: options.shadowDatabasePrefix },
    (engine) =>
      engine.diff({
        from: source,
        to: { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] },
        script: true,
        exitCode: null,
        filters: NO_FILTER,
      }),
  );
  const script = result.stdout ?? '';
  return hasStatements(script) ? script : '';
}

/**
 * SQL that takes a database built by the committed migrations to what schema.prisma describes;
 * '' when they agree. The migrations are replayed on a shadow database.
 */
export function diffMigrationsToSchema(service: Service, options: DiffOptions = {}): Promise<string> {
  return diffToSchema(service, 'migrations', options);
}

/** SQL that creates schema.prisma's objects from nothing (no database needed). */
export function diffEmptyToSchema(service: Service, options: DiffOptions = {}): Promise<string> {
  return diffToSchema(service, 'empty', options);
}
