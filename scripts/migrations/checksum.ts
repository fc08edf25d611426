import { createHash } from 'node:crypto';

/** The checksum Prisma stores in `_prisma_migrations.checksum`: sha256 (hex) of the migration.sql bytes. */
export function migrationChecksum(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
