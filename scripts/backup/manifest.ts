import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import { describeFile, type BackupFile } from './backup-files';

export const MANIFEST_FILE = 'manifest.json';
/** Every file's SHA-256 in `sha256sum` format, the manifest's included: `sha256sum -c SHA256SUMS` checks a backup by hand. */
export const CHECKSUMS_FILE = 'SHA256SUMS';
const FORMAT = 'flores-victoria-backup';
const FORMAT_VERSION = 1;

export interface PostgresSchemaPart {
  /** The PostgreSQL schema, named after the service that owns it. */
  schema: string;
  /** The migrations recorded as finished in its `_prisma_migrations`, oldest first. */
  migrations: string[];
  /** Rows per table, counted in the snapshot pg_dump read; restore checks them before it commits. */
  tables: Record<string, number>;
}

export interface PostgresPart {
  server: string;
  pgDump: string;
  database: string;
  /** pg_dump's custom format: every schema below, from one snapshot. */
  file: string;
  schemas: PostgresSchemaPart[];
}

export interface MongoCollectionPart {
  name: string;
  /** The service that owns it (catalog, reviews, wishlist), or null for one no service names. */
  service: string | null;
  /** Gzip'd lines of canonical Extended JSON, one document each (every BSON type kept). */
  file: string;
  documents: number;
  /** Its listCollections options, as Extended JSON (relaxed). */
  options: Record<string, unknown>;
  /** Its indexes but `_id_`, as listIndexes gives them (less `v` and `ns`), as Extended JSON (relaxed). */
  indexes: Record<string, unknown>[];
}

export interface MongoPart {
  server: string;
  database: string;
  collections: MongoCollectionPart[];
}

export interface RedisGroupPart {
  /** A SCAN pattern (or a plain key). */
  pattern: string;
  service: string;
  holds: string;
  keys: number;
}

export interface RedisPart {
  server: string;
  db: number;
  /** Gzip'd lines of `{ key, expireAt (epoch ms, or -1), dump (DUMP payload, base64) }`. */
  file: string;
  groups: RedisGroupPart[];
}

export interface Manifest {
  format: typeof FORMAT;
  formatVersion: typeof FORMAT_VERSION;
  name: string;
  startedAt: string;
  finishedAt: string;
  app: { name: string; version: string; node: string };
  postgresql: PostgresPart;
  mongodb: MongoPart;
  redis: RedisPart;
  /** Every file of the backup but this manifest and SHA256SUMS. */
  files: BackupFile[];
}

export type ManifestBody = Omit<Manifest, 'format' | 'formatVersion' | 'files'>;

/** Why a backup is refused: restore changes nothing then. */
export class BackupRefused extends Error {
  override name = 'BackupRefused';
}

/** Writes manifest.json over the files already in `dir`, then SHA256SUMS over all of them: the last step of a backup. */
export async function writeManifest(dir: string, body: ManifestBody, dataFiles: string[]): Promise<Manifest> {
  const files = await Promise.all(dataFiles.map((path) => describeFile(dir, path)));
  const manifest: Manifest = { format: FORMAT, formatVersion: FORMAT_VERSION, ...body, files };
  const text = `${JSON.stringify(manifest, null, 2)}\n`;
  await writeFile(`${dir}/${MANIFEST_FILE}`, text);
  const sums = [...files.map((file) => [file.sha256, file.path]), [sha256(text), MANIFEST_FILE]].map(([hash, path]) => `${hash}  ${path}\n`);
  await writeFile(`${dir}/${CHECKSUMS_FILE}`, sums.join(''));
  return manifest;
}

/**
 * Reads and checks a backup before anything is restored from it: SHA256SUMS lists the manifest and the manifest's
 * files with the checksums they have on disk, the manifest is of a format this code reads, and every part names a
 * listed file. Throws BackupRefused naming the first problem.
 */
export async function verifyBackup(dir: string): Promise<Manifest> {
  if (!existsSync(`${dir}/${CHECKSUMS_FILE}`) || !existsSync(`${dir}/${MANIFEST_FILE}`)) {
    throw new BackupRefused(`${dir} is not a complete backup: ${MANIFEST_FILE} or ${CHECKSUMS_FILE} is missing`);
  }
  const sums = parseChecksums(await readFile(`${dir}/${CHECKSUMS_FILE}`, 'utf8'));
  const text = await readFile(`${dir}/${MANIFEST_FILE}`, 'utf8');
  if (sums.get(MANIFEST_FILE) !== sha256(text)) throw new BackupRefused(`${MANIFEST_FILE} does not match its checksum in ${CHECKSUMS_FILE}`);
  const manifest = parseManifest(text);
  const listed = new Set(manifest.files.map((file) => file.path));
  for (const file of manifest.files) {
    if (sums.get(file.path) !== file.sha256) throw new BackupRefused(`${file.path}: ${CHECKSUMS_FILE} and ${MANIFEST_FILE} disagree on its checksum`);
    if (!existsSync(`${dir}/${file.path}`)) throw new BackupRefused(`${file.path} is missing`);
    const found = await describeFile(dir, file.path);
    if (found.bytes !== file.bytes || found.sha256 !== file.sha256) {
      throw new BackupRefused(
        `${file.path} is damaged: ${found.bytes} bytes with SHA-256 ${found.sha256}, the manifest says ${file.bytes} bytes, ${file.sha256}`,
      );
    }
  }
  for (const [path] of sums) if (path !== MANIFEST_FILE && !listed.has(path)) throw new BackupRefused(`${CHECKSUMS_FILE} lists ${path}, the manifest does not`);
  for (const path of partFiles(manifest)) if (!listed.has(path)) throw new BackupRefused(`the manifest names ${path} but lists no checksum for it`);
  return manifest;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const line of text.split('\n').filter((l) => l.trim() !== '')) {
    const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!match || sums.has(match[2])) throw new BackupRefused(`${CHECKSUMS_FILE} has a malformed or repeated line: ${line.slice(0, 100)}`);
    sums.set(match[2], match[1]);
  }
  return sums;
}

function parseManifest(text: string): Manifest {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(text) as Manifest;
  } catch {
    throw new BackupRefused(`${MANIFEST_FILE} is not JSON`);
  }
  if (manifest?.format !== FORMAT) throw new BackupRefused(`${MANIFEST_FILE} is not a Flores Victoria backup manifest`);
  const version: unknown = manifest.formatVersion;
  if (version !== FORMAT_VERSION) {
    throw new BackupRefused(`backup format version ${String(version)}: this code reads version ${FORMAT_VERSION}`);
  }
  if (!Array.isArray(manifest.files) || !manifest.postgresql?.schemas || !manifest.mongodb?.collections || !manifest.redis?.groups) {
    throw new BackupRefused(`${MANIFEST_FILE} lacks a part (files, postgresql, mongodb or redis)`);
  }
  for (const file of manifest.files) {
    // Inside the backup, whatever the manifest says: restore reads nothing else.
    const path: unknown = file.path;
    if (typeof path !== 'string' || isAbsolute(path) || normalize(path).startsWith('..')) {
      throw new BackupRefused(`the manifest lists a file outside the backup: ${String(path)}`);
    }
  }
  return manifest;
}

const partFiles = (manifest: Manifest) => [manifest.postgresql.file, ...manifest.mongodb.collections.map((c) => c.file), manifest.redis.file];
