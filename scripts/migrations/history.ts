import { checksumMatches } from './checksum';
import type { MigrationFile } from './migration-files';
import type { AppliedMigrationRow } from './migrations-table';

export interface MigrationHistory {
  /** Finished in the database, file unchanged. */
  applied: string[];
  /** On disk, not yet in the database. */
  pending: MigrationFile[];
  /** Finished in the database, but the file's checksum differs from the recorded one. */
  modified: { name: string; recorded: string; file: string }[];
  /** Started but never finished (a failed native `prisma migrate deploy`): needs `prisma migrate resolve`. */
  failed: string[];
  /** In the database but not on disk (e.g. applied by newer code). */
  unknown: string[];
}

/** Compares the committed migrations with the (not rolled back) rows of `_prisma_migrations`. */
export function compareHistory(files: MigrationFile[], rows: AppliedMigrationRow[]): MigrationHistory {
  const byName = new Map(files.map((f) => [f.name, f]));
  const recorded = new Set(rows.map((r) => r.migration_name));
  const history: MigrationHistory = { applied: [], pending: [], modified: [], failed: [], unknown: [] };
  for (const row of rows) {
    const file = byName.get(row.migration_name);
    if (row.finished_at === null) history.failed.push(row.migration_name);
    else if (!file) history.unknown.push(row.migration_name);
    else if (!checksumMatches(file.sql, row.checksum)) {
      history.modified.push({ name: row.migration_name, recorded: row.checksum, file: file.checksum });
    } else history.applied.push(row.migration_name);
  }
  history.pending = files.filter((f) => !recorded.has(f.name));
  return history;
}
