import { readFileSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { findRepoRoot } from '../migrations/services';
import type { BackupConfig } from './backup-env';
import { createBackupFolder, PARTIAL, pruneBackups } from './backup-folders';
import { writeManifest, type Manifest } from './manifest';
import { backUpMongo } from './mongo-part';
import { backUpPostgres } from './postgres-part';
import { backUpRedis } from './redis-part';

export interface MadeBackup {
  path: string;
  manifest: Manifest;
  /** Older backups deleted by BACKUP_KEEP. */
  pruned: string[];
}

/** The app's name and version, from its package.json (there in the image too). */
function appVersion(): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(findRepoRoot(), 'package.json'), 'utf8')) as { name: string; version: string };
  return { name: pkg.name, version: pkg.version };
}

/**
 * One backup of every store, in a folder of its own under BACKUP_DIR: made as `<name>.partial`, renamed once its
 * manifest (written last) is there, so a backup that failed or was cut short is never taken for a complete one.
 */
export async function makeBackup(config: BackupConfig, now = new Date()): Promise<MadeBackup> {
  const root = resolve(config.BACKUP_DIR);
  await mkdir(root, { recursive: true });
  const name = await createBackupFolder(root, now);
  const partial = join(root, name + PARTIAL);
  try {
    const postgresql = await backUpPostgres(config.DATABASE_URL, partial);
    const mongodb = await backUpMongo(config.MONGODB_URL, partial);
    const redis = await backUpRedis(config.REDIS_URL, partial);
    const files = [postgresql.file, ...mongodb.collections.map((c) => c.file), redis.file];
    const manifest = await writeManifest(
      partial,
      {
        name,
        startedAt: now.toISOString(),
        finishedAt: new Date().toISOString(),
        app: { ...appVersion(), node: process.version },
        postgresql,
        mongodb,
        redis,
      },
      files,
    );
    await rename(partial, join(root, name));
    return { path: join(root, name), manifest, pruned: await pruneBackups(root, config.BACKUP_KEEP) };
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
