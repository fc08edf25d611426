import { join, resolve } from 'node:path';
import pg from 'pg';
import { withAdvisoryLock } from '../migrations/advisory-lock';
import type { BackupConfig } from './backup-env';
import { completeBackups } from './backup-folders';
import { BackupRefused, verifyBackup, type Manifest } from './manifest';
import { restoreMongo } from './mongo-part';
import { restorePostgres } from './postgres-part';
import { restoreRedis, type RedisRestoreResult } from './redis-part';

/** The folder `which` names: a path, or `latest` for the newest complete backup in BACKUP_DIR. */
export async function findBackup(which: string, config: BackupConfig): Promise<string> {
  if (which !== 'latest') return resolve(which);
  const root = resolve(config.BACKUP_DIR);
  const newest = (await completeBackups(root)).at(-1);
  if (!newest) throw new BackupRefused(`no complete backup in ${root}`);
  return join(root, newest);
}

/** What a restore will do, for the operator to read before saying --yes. */
export function describePlan(manifest: Manifest, config: BackupConfig): string[] {
  const { postgresql, mongodb, redis } = manifest;
  const rows = (tables: Record<string, number>) => Object.values(tables).reduce((sum, n) => sum + n, 0);
  return [
    `backup ${manifest.name}, made ${manifest.finishedAt} by ${manifest.app.name} ${manifest.app.version}`,
    `PostgreSQL (${postgresql.server} then): replaces schemas ${postgresql.schemas.map((s) => `${s.schema} (${rows(s.tables)} rows)`).join(', ')} in database ${new URL(config.DATABASE_URL).pathname.slice(1)}`,
    `MongoDB (${mongodb.server} then): replaces every collection of database ${new URL(config.MONGODB_URL).pathname.slice(1)} with ${mongodb.collections.length} collections, ${mongodb.collections.reduce((n, c) => n + c.documents, 0)} documents`,
    `Redis (${redis.server} then): replaces ${redis.groups.map((g) => `${g.pattern} (${g.keys})`).join(', ')} in db ${new URL(config.REDIS_URL).pathname.slice(1) || '0'}; marks the router's cached answers stale`,
  ];
}

export interface RestoreResult {
  manifest: Manifest;
  redis: RedisRestoreResult;
}

/**
 * Verifies the backup (nothing is touched unless every checksum matches), then replaces each store's data with the
 * backup's: PostgreSQL first (one transaction), then MongoDB, then Redis. Stop the shop's services first: a service
 * running meanwhile keeps what it holds in memory (catalog index, ratings) and may write in between.
 */
export async function restoreBackup(dir: string, config: BackupConfig, log: (line: string) => void = () => undefined): Promise<RestoreResult> {
  const manifest = await verifyBackup(dir);
  log(`verified ${manifest.files.length} files`);
  // One restore at a time, and never beside a migration: a second one waits, then restores the same way again.
  const lock = new pg.Client({ connectionString: config.DATABASE_URL });
  await lock.connect();
  try {
    return await withAdvisoryLock(lock, async () => {
      await restorePostgres(config.DATABASE_URL, dir, manifest.postgresql);
      log('postgresql: restored');
      await restoreMongo(config.MONGODB_URL, dir, manifest.mongodb);
      log('mongodb: restored');
      const redis = await restoreRedis(config.REDIS_URL, dir, manifest.redis);
      log(`redis: restored ${redis.restored} keys (${redis.expired} had expired since the backup)`);
      return { manifest, redis };
    });
  } finally {
    await lock.end();
  }
}
