// Removes compiled files whose source is gone (tsc never deletes them). A module moved into a folder of the same
// name (runtime/errors.ts -> runtime/errors/index.ts) would otherwise still be loaded from its old dist/ file.
// Only orphans are removed, so a run using dist/ beside this build keeps working.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist');
const OUTPUT = /\.(js|js\.map|d\.ts)$/;

function prune(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) prune(path);
    else if (OUTPUT.test(entry.name)) {
      const source = join(root, relative(dist, path)).replace(OUTPUT, '');
      if (!['.ts', '.mts', '.js', '.mjs'].some((extension) => existsSync(source + extension))) rmSync(path);
    }
  }
}

prune(dist);
