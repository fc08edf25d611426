import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MANIFEST_FILE } from './manifest';

// The folders of BACKUP_DIR: one per backup, named after the time it started (so names sort by age); a backup
// being made is `<name>.partial` until its manifest is written, then renamed, so a folder without the suffix is complete.

const PREFIX = 'flores-victoria-';
const NAME = /^flores-victoria-\d{8}T\d{6}Z(-\d+)?$/;
export const PARTIAL = '.partial';

/**
 * Makes the folder of a new backup, `<name>.partial`, and returns its name: flores-victoria-20261205T101530Z, with
 * -1, -2… when a backup of the same second exists or is being made (two started at once each get their own).
 */
export async function createBackupFolder(root: string, now: Date): Promise<string> {
  const base = `${PREFIX}${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')}`;
  for (let n = 0; ; n += 1) {
    const name = n === 0 ? base : `${base}-${n}`;
    if (existsSync(join(root, name))) continue;
    try {
      await mkdir(join(root, name + PARTIAL)); // fails when another backup took the name first
      return name;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/** The complete backups in `root`, oldest first. */
export async function completeBackups(root: string): Promise<string[]> {
  if (!existsSync(root)) return [];
  const names = (await readdir(root)).filter((name) => NAME.test(name) && existsSync(join(root, name, MANIFEST_FILE)));
  return names.sort(byAge);
}

/** "…T101530Z" before "…T101530Z-1" before "…T101530Z-10". */
function byAge(a: string, b: string): number {
  const [baseA, nA = '0'] = a.split(/Z-?/);
  const [baseB, nB = '0'] = b.split(/Z-?/);
  return baseA === baseB ? Number(nA || 0) - Number(nB || 0) : baseA < baseB ? -1 : 1;
}

/**
 * Deletes the oldest complete backups beyond `keep` (0 keeps all), and partial ones left by a backup that died
 * more than a day ago. Returns the names deleted.
 */
export async function pruneBackups(root: string, keep: number, now = Date.now()): Promise<string[]> {
  const deleted: string[] = [];
  if (keep > 0) {
    const complete = await completeBackups(root);
    for (const name of complete.slice(0, Math.max(complete.length - keep, 0))) {
      await rm(join(root, name), { recursive: true, force: true });
      deleted.push(name);
    }
  }
  for (const name of existsSync(root) ? await readdir(root) : []) {
    if (!name.startsWith(PREFIX) || !name.endsWith(PARTIAL)) continue;
    if (now - (await stat(join(root, name))).mtimeMs < 24 * 3600 * 1000) continue;
    await rm(join(root, name), { recursive: true, force: true });
    deleted.push(name);
  }
  return deleted;
}
