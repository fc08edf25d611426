import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BSON, MongoClient, MongoServerError, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../test/support/test-env';
import { backUpMongo, restoreMongo } from './mongo-part';
import { testMongoClient } from '../../test/support/mongo-client';

const { Binary, Decimal128, Double, EJSON, Int32, Long, ObjectId, Timestamp } = BSON;

/** Documents whose _id is of any type (the driver's default is ObjectId). */
type AnyId = { _id: string | number | InstanceType<typeof ObjectId>; [field: string]: unknown };

/** A database of this file's own on the MongoDB-wire server. */
const url = (() => {
  const parsed = new URL(testEnv.MONGODB_URL);
  parsed.pathname = `/backup_spec_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 6)}`;
  return parsed.toString();
})();

/** Every BSON type the services store, and the ones they could: each must come back as the same type. */
const documents: Document[] = [
  {
    _id: new ObjectId(),
    name: 'Rosas',
    whole: new Double(5), // a double that looks like an integer: must not come back an Int32
    count: new Int32(5),
    big: Long.fromString('9007199254740993'), // beyond a JS number's precision
    when: new Date('2026-12-05T10:15:30.123Z'),
    bytes: new Binary(Buffer.from([0, 1, 2, 255])),
    stamp: new Timestamp({ t: 1_796_000_000, i: 7 }),
    pattern: new BSON.BSONRegExp('^ros', 'i'),
    nothing: null,
    nested: { tags: ['rojo', new Int32(2), { rating: new Double(4.5) }], empty: {} },
  },
  { _id: 'a-string-id', name: 'Tulipanes', count: new Int32(-1) },
  { _id: new Int32(42), name: 'Orquídea', when: new Date(0) },
];

const readRaw = async (db: Db, name: string) =>
  ((await db.collection(name).find({}, { raw: true }).toArray()) as unknown as Buffer[]).map((bytes) => Buffer.from(bytes).toString('base64')).sort();
const indexesOf = async (db: Db, name: string) =>
  (await db.collection(name).listIndexes().toArray())
    .map(({ v: _v, ns: _ns, ...spec }: Document) => spec)
    .sort((a, b) => String(a.name).localeCompare(String(b.name)));

describe('the MongoDB part of a backup, against the real server', () => {
  let client: MongoClient;
  let db: Db;
  let dir: string;

  beforeAll(async () => {
    client = await testMongoClient(url).connect();
    db = client.db();
    dir = await mkdtemp(join(tmpdir(), 'mongo-part-spec-'));
    await db.collection('things').insertMany(documents.map((d) => ({ ...d })));
    await db.collection('things').createIndex({ name: 1, count: -1 }, { unique: true, name: 'name_count_unique' });
    await db.collection('things').createIndex({ when: -1 }, { name: 'newest' });
    await db.createCollection('nothing_yet');
    await db.collection('nothing_yet').createIndex({ slug: 1 }, { unique: true, name: 'slug_unique' });
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('backs up every collection with its documents (every BSON type kept) and indexes, and restores exactly that over newer data', async () => {
    const before = { things: await readRaw(db, 'things'), indexes: await indexesOf(db, 'things'), emptyIndexes: await indexesOf(db, 'nothing_yet') };
    const part = await backUpMongo(url, dir);
    expect(part.collections.map((c) => [c.name, c.documents, c.indexes.map((i) => i.name)])).toEqual([
      ['nothing_yet', 0, ['slug_unique']],
      ['things', 3, ['name_count_unique', 'newest']],
    ]);

    // Written since: a document changed, one deleted, one added, a collection and an index made.
    await db.collection<AnyId>('things').updateOne({ _id: 'a-string-id' }, { $set: { name: 'Tulipanes rojos' } });
    await db.collection<AnyId>('things').deleteOne({ _id: 42 });
    await db.collection('things').insertOne({ _id: new ObjectId(), name: 'Girasoles' });
    await db.collection('things').createIndex({ name: 1 }, { name: 'by_name' });
    await db.collection<AnyId>('later').insertOne({ _id: 1 });

    await restoreMongo(url, dir, part);
    expect(await readRaw(db, 'things')).toEqual(before.things);
    expect(await indexesOf(db, 'things')).toEqual(before.indexes);
    expect(await indexesOf(db, 'nothing_yet')).toEqual(before.emptyIndexes);
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual(['nothing_yet', 'things']);
    // The restored unique index holds.
    await expect(db.collection('things').insertOne({ _id: new ObjectId(), name: 'Tulipanes', count: new Int32(-1) })).rejects.toBeInstanceOf(MongoServerError);

    // Restoring again changes nothing.
    await restoreMongo(url, dir, part);
    expect(await readRaw(db, 'things')).toEqual(before.things);
  });

  it('keeps Decimal128 too (MongoDB stores it; FerretDB refuses it, so the line format is what is checked here)', () => {
    const line = EJSON.stringify({ _id: 1, price: Decimal128.fromString('12.50') }, { relaxed: false });
    const back = EJSON.parse(line, { relaxed: false }) as { price: InstanceType<typeof Decimal128> };
    expect(back.price).toBeInstanceOf(Decimal128);
    expect(back.price.toString()).toBe('12.50');
  });
});
