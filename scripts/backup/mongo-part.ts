import { mkdir } from 'node:fs/promises';
import { BSON, MongoClient, type CreateCollectionOptions, type Document, type IndexDescription } from 'mongodb';
import { gzipLines, gzipLineWriter, inBatches } from './backup-files';
import type { MongoCollectionPart, MongoPart } from './manifest';

// MongoDB (FerretDB here): every collection of MONGODB_URL's database, which the catalog, reviews and wishlist
// services share, as canonical Extended JSON (ObjectId, Date, Decimal128, Int32 against Double… all kept), with
// each collection's options and indexes. Written on the official driver: mongodump is not at hand everywhere the
// image runs, and the driver speaks to MongoDB 7 and FerretDB alike.

const { EJSON } = BSON;

/** Which service owns each collection, for the manifest (a collection not named here is still backed up). */
const OWNERS: Record<string, string> = {
  categories: 'catalog',
  products: 'catalog',
  stock_ledger: 'catalog',
  stock_versions: 'catalog',
  stock_reservations: 'catalog',
  stock_reservation_closures: 'catalog',
  catalog_migrations: 'catalog',
  reviews: 'reviews',
  review_claims: 'reviews',
  purchases: 'reviews',
  processed_events: 'reviews',
  rating_outbox: 'reviews',
  wishlists: 'wishlist',
  wishlist_items: 'wishlist',
  guest_wishlists: 'wishlist',
  guest_wishlist_merges: 'wishlist',
};

const INSERT_BATCH = 500;

// A few connections, beside the services' on the same server (FerretDB's limit: runtime/stores/mongo.ts).
const connect = (mongoUrl: string) => new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 10_000, appName: 'backup', maxPoolSize: 4 }).connect();

/** Documents read with their BSON types as wrappers (an Int32 stays an Int32, a Double a Double), not JS numbers. */
const EXACT_TYPES = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;

const isUserCollection = (entry: { name: string; type?: string }) => entry.type === 'collection' && !entry.name.startsWith('system.');

export async function backUpMongo(mongoUrl: string, dir: string): Promise<MongoPart> {
  const client = await connect(mongoUrl);
  try {
    const db = client.db();
    const build = await db.admin().command({ buildInfo: 1 });
    const server = build.ferretdbVersion ? `FerretDB ${String(build.ferretdbVersion)} (MongoDB ${String(build.version)})` : `MongoDB ${String(build.version)}`;
    await mkdir(`${dir}/mongodb`);
    const listed = (await db.listCollections({}, { nameOnly: false }).toArray()).filter(isUserCollection);
    const collections: MongoCollectionPart[] = [];
    for (const entry of listed.sort((a, b) => a.name.localeCompare(b.name))) {
      const collection = db.collection(entry.name);
      const file = `mongodb/${encodeURIComponent(entry.name)}.ejson.gz`;
      const writer = gzipLineWriter(`${dir}/${file}`);
      let documents = 0;
      try {
        for await (const document of collection.find({}, { ...EXACT_TYPES, batchSize: 1_000 })) {
          await writer.write(EJSON.stringify(document, { relaxed: false }));
          documents += 1;
        }
      } finally {
        await writer.close();
      }
      const indexes = (await collection.listIndexes().toArray())
        .filter((index: Document) => index.name !== '_id_')
        .map(({ v: _v, ns: _ns, ...spec }: Document) => EJSON.serialize(spec, { relaxed: true }));
      const options = EJSON.serialize((entry as { options?: Document }).options ?? {}, { relaxed: true });
      collections.push({ name: entry.name, service: OWNERS[entry.name] ?? null, file, documents, options, indexes });
    }
    return { server, database: db.databaseName, collections };
  } finally {
    await client.close();
  }
}

/**
 * Makes MONGODB_URL's database hold what the backup holds: every collection in it is dropped (so nothing written
 * after the backup is left behind), then each backed-up collection is made again with its options, documents and
 * indexes, and its count checked. Not atomic (FerretDB has no transactions): a restore that fails part-way leaves
 * the database incomplete, and running it again finishes the job.
 */
export async function restoreMongo(mongoUrl: string, dir: string, part: MongoPart): Promise<void> {
  const client = await connect(mongoUrl);
  try {
    const db = client.db();
    for (const entry of await db.listCollections({}, { nameOnly: true }).toArray()) {
      if (!entry.name.startsWith('system.')) await db.dropCollection(entry.name);
    }
    for (const saved of part.collections) {
      const collection = await db.createCollection(saved.name, EJSON.deserialize(saved.options, { relaxed: false }) as CreateCollectionOptions);
      for await (const lines of inBatches(gzipLines(`${dir}/${saved.file}`), INSERT_BATCH)) {
        const documents = lines.filter((line) => line !== '').map((line) => EJSON.parse(line, { relaxed: false }) as Document);
        // As they were saved, even if a validator in the options would refuse some now.
        if (documents.length > 0) await collection.insertMany(documents, { ordered: true, bypassDocumentValidation: true });
      }
      if (saved.indexes.length > 0)
        await collection.createIndexes(saved.indexes.map((spec) => EJSON.deserialize(spec, { relaxed: false }) as IndexDescription));
      const count = await collection.countDocuments();
      if (count !== saved.documents) throw new Error(`mongodb: ${saved.name} holds ${count} documents after the restore, the backup ${saved.documents}`);
    }
  } finally {
    await client.close();
  }
}
