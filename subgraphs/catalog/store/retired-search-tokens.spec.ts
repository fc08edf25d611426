import { randomUUID } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo, type MongoStore } from '../../../runtime/stores/mongo';
import { testEnv } from '../../../test/support/test-env';
import { openCatalogStores } from '../subgraph';
import { newProductDocument } from './product.store';

/**
 * A product as a catalog without the read model stored it (its search tokens beside it), whose stock copy is behind
 * the ledger: a writer recorded its version and copied it, and a whole-document write put the older copy back.
 */
async function storeOldProduct(mongo: MongoStore, slug: string) {
  const document = {
    ...newProductDocument(
      {
        slug,
        name: 'Ramo antiguo',
        description: 'rosas',
        categoryId: null,
        occasions: [],
        colours: [],
        flowerTypes: [],
        tags: [],
        priceMinor: 1000,
        currency: 'CLP',
        images: [],
        stock: 7,
      },
      new Date(),
    ),
    searchTokens: ['ra', 'ram', 'ramo', 'es:ram'],
  };
  await mongo.db.collection('products').insertOne(document);
  await mongo.db
    .collection('stock_ledger')
    .insertOne({ _id: new ObjectId(), productId: document._id, version: 1, delta: -2, stockAfter: 5, createdAt: new Date() });
  await mongo.db.collection<{ _id: string; stockAfter: number }>('stock_versions').insertOne({ _id: `${document._id.toHexString()}:1`, stockAfter: 5 });
  return document._id;
}

describe('products lose the search tokens and indexes of a catalog without the read model (a database of its own)', () => {
  const database = `flores_retire_${randomUUID().slice(0, 8)}`;
  const url = testEnv.MONGODB_URL.replace(/\/[^/?]*(\?|$)/, `/${database}$1`);
  let mongo: MongoStore;
  beforeAll(async () => {
    mongo = await connectMongo(url, 'retired-search-tokens');
  });
  afterAll(async () => {
    await mongo?.db.dropDatabase();
    await mongo?.close();
  });

  it('removes them once, from every document, while the stock copy ends as the ledger says, with two catalogs starting at once', async () => {
    const products = mongo.db.collection('products');
    await products.createIndex({ searchTokens: 1 }, { name: 'search_tokens' });
    await products.createIndex({ active: 1, priceMinor: 1, _id: 1 }, { name: 'active_price' });
    const ids = await Promise.all(['a', 'b', 'c'].map((suffix) => storeOldProduct(mongo, `old-${suffix}-${randomUUID()}`)));

    await Promise.all([openCatalogStores(mongo), openCatalogStores(mongo)]);

    const stored = await products.find({ _id: { $in: ids } }).toArray();
    expect(stored).toHaveLength(3);
    for (const document of stored) {
      expect(document).not.toHaveProperty('searchTokens');
      expect(document).toMatchObject({ stock: 5, stockVersion: 1, name: 'Ramo antiguo' });
    }
    const indexNames = (await products.indexes()).map((index) => index.name).sort();
    expect(indexNames).toEqual(['_id_', 'changed_bucket', 'slug_unique']);
    expect(await mongo.db.collection('catalog_migrations').countDocuments({})).toBe(1);
  });

  it('leaves what an older replica writes afterwards alone: the migration ran once for this database', async () => {
    const id = await storeOldProduct(mongo, `late-${randomUUID()}`);
    await openCatalogStores(mongo);
    expect(await mongo.db.collection('products').findOne({ _id: id })).toHaveProperty('searchTokens');
  });
});
