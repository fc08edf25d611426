import pg from 'pg';

import { compareHistory, type MigrationHistory } from './history';
import { readMigrations } from './migration-files';
import { migrationsTableExists, readMigrationRows } from './migrations-table';
import { SERVICES, type Service } from './services';

export interface StatusOptions {
  databaseUrl: string;
  services?: readonly Service[];
  prismaDir?: string;
}

export type ServiceStatus = MigrationHistory & { service: Service; upToDate: boolean };

/** Read-only comparison of the committed migrations with each service's `_prisma_migrations`. */
export async function migrationStatus(options: StatusOptions): Promise<ServiceStatus[]> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    const statuses: ServiceStatus[] = [];
    for (const service of options.services ?? SERVICES) {
      const rows = (await migrationsTableExists(client, service)) ? await readMigrationRows(client, service) : [];
      const history = compareHistory(readMigrations(service, options.prismaDir), rows);
      const upToDate = history.pending.length + history.modified.length + history.failed.length === 0;
      statuses.push({ service, ...history, upToDate });
    }
    return statuses;
  } finally {
    await client.end();
  }
}
