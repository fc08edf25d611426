import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';

/** A file of a backup, as the manifest lists it: where it is (relative to the backup), its size and SHA-256. */
export interface BackupFile {
  path: string;
  bytes: number;
  sha256: string;
}

export async function describeFile(dir: string, path: string): Promise<BackupFile> {
  const full = `${dir}/${path}`;
  const hash = createHash('sha256');
  await pipeline(createReadStream(full), hash);
  return { path, bytes: (await stat(full)).size, sha256: hash.digest('hex') };
}

/**
 * Writes lines to a gzip file, waiting when the compressor is behind (a large collection never sits in memory).
 * `close` resolves once every byte is on disk.
 */
export function gzipLineWriter(file: string) {
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(file));
  // A failed write (disk full) rejects `done`; until `close` awaits it, it must not count as unhandled.
  done.catch(() => undefined);
  return {
    async write(line: string): Promise<void> {
      if (!gzip.write(`${line}\n`)) await new Promise<void>((resolve) => gzip.once('drain', resolve));
    },
    async close(): Promise<void> {
      gzip.end();
      await done;
    },
  };
}

/** The lines of a gzip file written by gzipLineWriter, read as they are decompressed; a damaged file throws. */
export async function* gzipLines(file: string): AsyncIterable<string> {
  const gunzip = createGunzip();
  // pipeline passes a read error on to gunzip, so the loop below throws it.
  pipeline(createReadStream(file), gunzip).catch(() => undefined);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    const lines = (pending + decoder.write(chunk)).split('\n');
    pending = lines.pop() ?? '';
    yield* lines;
  }
  pending += decoder.end();
  if (pending !== '') yield pending;
}

/** Reads `items` in groups of `size`, for batched writes. */
export async function* inBatches<T>(items: AsyncIterable<T>, size: number): AsyncIterable<T[]> {
  let batch: T[] = [];
  for await (const item of items) {
    batch.push(item);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
