import { createHash } from 'node:crypto';

/** The checksum Prisma stores in `_prisma_migrations.checksum`: sha256 (hex) of the migration.sql bytes. */
export function migrationChecksum(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/**
 * Whether a file still matches a recorded checksum. Like Prisma, a file whose only change is its line
 * endings (git autocrlf) still matches.
 */
export function checksumMatches(sql: string, recorded: string): boolean {
  const lf = sql.replaceAll('\r\n', '\n');
  return [sql, lf, lf.replaceAll('\n', '\r\n')].some((variant) => migrationChecksum(variant) === recorded);
}
