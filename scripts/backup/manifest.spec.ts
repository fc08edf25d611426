import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CHECKSUMS_FILE, MANIFEST_FILE, verifyBackup, writeManifest, type ManifestBody } from './manifest';

const body: ManifestBody = {
  name: 'flores-victoria-20261205T101530Z',
  startedAt: '2026-12-05T10:15:30.000Z',
  finishedAt: '2026-12-05T10:15:32.000Z',
  app: { name: 'flores-victoria', version: '0.1.0', node: 'v20' },
  postgresql: {
    server: '15',
    pgDump: 'pg_dump 15',
    database: 'flores',
    file: 'postgresql.dump',
    schemas: [{ schema: 'orders', migrations: [], tables: { orders: 2 } }],
  },
  mongodb: {
    server: 'MongoDB 7',
    database: 'flores',
    collections: [{ name: 'products', service: 'catalog', file: 'mongodb/products.ejson.gz', documents: 1, options: {}, indexes: [] }],
  },
  redis: { server: 'Redis 7', db: 0, file: 'redis.jsonl.gz', groups: [] },
};
const FILES = ['postgresql.dump', 'mongodb/products.ejson.gz', 'redis.jsonl.gz'];

describe('a backup manifest', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'manifest-spec-'));
    await mkdir(join(dir, 'mongodb'));
    for (const file of FILES) await writeFile(join(dir, file), `contents of ${file}\n`.repeat(100));
    await writeManifest(dir, body, FILES);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
  /** Rewrites the manifest as an editor would, with SHA256SUMS made to agree: a manifest that verifies but says something else. */
  async function rewriteManifest(change: (manifest: Record<string, any>) => void): Promise<void> {
    const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
    change(manifest);
    const text = JSON.stringify(manifest);
    await writeFile(join(dir, MANIFEST_FILE), text);
    const sums = (await readFile(join(dir, CHECKSUMS_FILE), 'utf8')).replace(/^\w+ {2}manifest\.json$/m, `${sha256(text)}  ${MANIFEST_FILE}`);
    await writeFile(join(dir, CHECKSUMS_FILE), sums);
  }

  it('verifies as written: every file with its size and SHA-256, in the manifest and in SHA256SUMS', async () => {
    const manifest = await verifyBackup(dir);
    expect(manifest.files.map((f) => f.path)).toEqual(FILES);
    expect(manifest.files[0]).toMatchObject({ bytes: 2_800, sha256: sha256('contents of postgresql.dump\n'.repeat(100)) });
    const sums = await readFile(join(dir, CHECKSUMS_FILE), 'utf8');
    expect(
      sums
        .trim()
        .split('\n')
        .map((line) => line.split('  ')[1]),
    ).toEqual([...FILES, MANIFEST_FILE]);
  });

  it.each([
    ['a changed byte', () => writeFile(join(dir, 'redis.jsonl.gz'), 'X' + 'contents of redis.jsonl.gz\n'.repeat(100).slice(1)), /redis\.jsonl\.gz is damaged/],
    ['a file cut short', () => writeFile(join(dir, 'postgresql.dump'), 'contents'), /postgresql\.dump is damaged: 8 bytes/],
    ['a missing file', () => rm(join(dir, 'mongodb/products.ejson.gz')), /mongodb\/products\.ejson\.gz is missing/],
    [
      'a changed manifest',
      async () => writeFile(join(dir, MANIFEST_FILE), (await readFile(join(dir, MANIFEST_FILE), 'utf8')).replace('"orders": 2', '"orders": 3')),
      /manifest\.json does not match its checksum/,
    ],
    ['no manifest', () => rm(join(dir, MANIFEST_FILE)), /not a complete backup/],
    ['no SHA256SUMS', () => rm(join(dir, CHECKSUMS_FILE)), /not a complete backup/],
    ['a malformed SHA256SUMS', () => writeFile(join(dir, CHECKSUMS_FILE), 'not a checksum\n'), /malformed/],
    [
      'a file SHA256SUMS lists and the manifest does not',
      async () => writeFile(join(dir, CHECKSUMS_FILE), (await readFile(join(dir, CHECKSUMS_FILE), 'utf8')) + `${'0'.repeat(64)}  extra.bin\n`),
      /lists extra\.bin/,
    ],
    ['a manifest of another format version', () => rewriteManifest((m) => (m.formatVersion = 2)), /format version 2/],
    ['a manifest that is not a backup manifest', () => rewriteManifest((m) => (m.format = 'something-else')), /not a Flores Victoria backup manifest/],
    ['a part naming an unlisted file', () => rewriteManifest((m) => (m.redis.file = 'elsewhere.gz')), /names elsewhere\.gz but lists no checksum/],
    [
      'a file outside the backup',
      () =>
        rewriteManifest((m) => {
          m.files[2].path = '../../etc/passwd';
        }),
      /outside the backup/,
    ],
    ['checksums that disagree', () => rewriteManifest((m) => (m.files[1].sha256 = '1'.repeat(64))), /disagree on its checksum/],
  ])('is refused with %s', async (_what, damage, reason) => {
    await damage();
    await expect(verifyBackup(dir)).rejects.toThrow(reason);
    await expect(verifyBackup(dir)).rejects.toMatchObject({ name: 'BackupRefused' });
  });
});
