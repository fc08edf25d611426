import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { completeBackups, createBackupFolder, PARTIAL, pruneBackups } from './backup-folders';

describe('the folders of BACKUP_DIR', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'backup-folders-spec-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /** A complete backup (its manifest is there), as make-backup leaves it. */
  async function complete(name: string): Promise<void> {
    await mkdir(join(root, name));
    await writeFile(join(root, name, 'manifest.json'), '{}');
  }

  it('names a backup after the second it started; backups started at once each get a folder of their own', async () => {
    const now = new Date('2026-12-05T10:15:30.123Z');
    const names = await Promise.all(Array.from({ length: 5 }, () => createBackupFolder(root, now)));
    expect(names.sort()).toEqual([
      'flores-victoria-20261205T101530Z',
      'flores-victoria-20261205T101530Z-1',
      'flores-victoria-20261205T101530Z-2',
      'flores-victoria-20261205T101530Z-3',
      'flores-victoria-20261205T101530Z-4',
    ]);
    for (const name of names) expect(existsSync(join(root, name + PARTIAL))).toBe(true);
    // Partial ones are not backups yet.
    expect(await completeBackups(root)).toEqual([]);
  });

  it('lists complete backups oldest first, and nothing else', async () => {
    for (const name of [
      'flores-victoria-20261205T101530Z-10',
      'flores-victoria-20261205T101530Z',
      'flores-victoria-20261204T235959Z',
      'flores-victoria-20261205T101530Z-2',
    ]) {
      await complete(name);
    }
    await mkdir(join(root, 'flores-victoria-20261206T000000Z')); // no manifest: cut short
    await mkdir(join(root, 'notes'));
    expect(await completeBackups(root)).toEqual([
      'flores-victoria-20261204T235959Z',
      'flores-victoria-20261205T101530Z',
      'flores-victoria-20261205T101530Z-2',
      'flores-victoria-20261205T101530Z-10',
    ]);
  });

  it('keeps the newest BACKUP_KEEP backups, and clears partial ones older than a day', async () => {
    for (const day of ['01', '02', '03', '04']) await complete(`flores-victoria-202612${day}T030000Z`);
    await mkdir(join(root, `flores-victoria-20261201T040000Z${PARTIAL}`));
    const old = new Date(Date.now() - 2 * 24 * 3600 * 1000);
    await utimes(join(root, `flores-victoria-20261201T040000Z${PARTIAL}`), old, old);
    await mkdir(join(root, `flores-victoria-20261204T040000Z${PARTIAL}`)); // being made now
    await mkdir(join(root, 'notes'));

    expect((await pruneBackups(root, 2)).sort()).toEqual([
      'flores-victoria-20261201T030000Z',
      'flores-victoria-20261201T040000Z.partial',
      'flores-victoria-20261202T030000Z',
    ]);
    expect((await readdir(root)).sort()).toEqual([
      'flores-victoria-20261203T030000Z',
      'flores-victoria-20261204T030000Z',
      'flores-victoria-20261204T040000Z.partial',
      'notes',
    ]);
    expect(await pruneBackups(root, 0)).toEqual([]); // 0 keeps all
  });
});
