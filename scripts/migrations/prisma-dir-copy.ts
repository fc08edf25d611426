import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

import { findRepoRoot } from './services';

/**
 * A temporary copy of prisma/ (schemas and migrations, not the generated clients) that a test can
 * modify freely; `remove()` deletes it.
 */
export function copyPrismaDir(): { dir: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), 'flores-prisma-'));
  const dir = join(root, 'prisma');
  cpSync(join(findRepoRoot(), 'prisma'), dir, {
    recursive: true,
    filter: (source) => basename(source) !== 'client',
  });
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
}
