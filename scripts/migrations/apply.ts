import { randomUUID } from 'node:crypto';

import pg from 'pg';

import { withAdvisoryLock } from './advisory-lock';
import { compareHistory } from './history';
import { readMigrations } from './migration-files';
import { ensureMigrationsTable, readMigrationRows, recordMigrationFinished, recordMigrationStarted } from './migrations-table';
import { SERVICES, type Service } from './services';
import { quoteIdent } from './sql-identifier';

export interface ApplyOptions {
  databaseUrl: string;
  /** Defaults to every service. */
  services?: readonly Service[];
  log?: (line: string) => void;
  /** Defaults to <repo>/prisma. */
  prismaDir?: string;
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

async function applyService(client: pg.Client, service: Service, options: ApplyOptions): Promise<string[]> {
  const log = options.log ?? (() => undefined);
  await ensureMigrationsTable(client, service);
  const history = compareHistory(readMigrations(service, options.prismaDir), await readMigrationRows(client, service));

  if (history.failed.length > 0) {
    throw new MigrationError(
      `${service}: migration ${history.failed.join(', ')} started but never finished; resolve it first ` + `(prisma migrate resolve) before applying more.`,
    );
  }
  if (history.modified.length > 0) {
    const lines = history.modified.map((m) => `  ${m.name}: recorded ${m.recorded}, file now ${m.file}`);
    throw new MigrationError(
      `${service}: already-applied migration(s) were modified after being applied (checksum mismatch):\n` +
        `${lines.join('\n')}\nRestore the committed file(s), and put schema changes in a new migration.`,
    );
  }
  for (const name of history.unknown) log(`${service}: ${name} is applied in the database but missing on disk`);

  const applied: string[] = [];
  for (const migration of history.pending) {
    const id = randomUUID();
    await client.query('BEGIN');
    try {
      // As `prisma migrate deploy` with ?schema=<service>: unqualified names land in the service schema.
      await client.query(`SET LOCAL search_path TO ${quoteIdent(service)}`);
      await recordMigrationStarted(client, service, { id, name: migration.name, checksum: migration.checksum });
      await client.query(migration.sql);
      await recordMigrationFinished(client, service, id);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      const reason = error instanceof Error ? error.message : String(error);
      throw new MigrationError(`${service}: migration ${migration.name} failed and was rolled back: ${reason}`, {
        cause: error,
      });
    }
    log(`${service}: applied ${migration.name}`);
    applied.push(migration.name);
  }
  return applied;
}

/**
 * Applies each service's pending migrations, one transaction per migration, recording them in the
 * service schema's `_prisma_migrations` as Prisma does. Safe to run repeatedly and concurrently.
 * Returns the names applied by this call, per service.
 */
export async function applyMigrations(options: ApplyOptions): Promise<Partial<Record<Service, string[]>>> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    return await withAdvisoryLock(client, async () => {
      const result: Partial<Record<Service, string[]>> = {};
      for (const service of options.services ?? SERVICES) result[service] = await applyService(client, service, options);
      return result;
    });
  } finally {
    await client.end();
  }
}
