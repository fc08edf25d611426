import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo, type MongoStore } from '../../runtime/stores/mongo';
import { openCatalogStores } from '../../subgraphs/catalog/subgraph';
import type { CatalogStores } from '../../subgraphs/catalog/context';
import { testEnv } from '../../test/support/test-env';
import { seedCategories, seedProducts } from './catalog-data';
import { seedCatalog } from './seed-catalog';

describe('npm run seed: the demo catalog (against the test database)', () => {
  let mongo: MongoStore;
  let stores: CatalogStores;
  beforeAll(async () => {
    mongo = await connectMongo(testEnv.MONGODB_URL, 'seed-spec');
    stores = await openCatalogStores(mongo);
  });
  afterAll(() => mongo?.close());

  const products = seedProducts();
  const slugs = products.map((product) => product.slug);
  const stored = () =>
    mongo.db.collection('products').find({ slug: { $in: slugs } }).sort({ slug: 1 }).toArray();

  it('generates at least 120 distinct products over every occasion and the whole category tree, the same each time', () => {
    expect(products.length).toBeGreaterThanOrEqual(120);
    expect(new Set(slugs).size).toBe(products.length);
    expect(seedProducts()).toEqual(products);
    const leafCategories = new Set(products.map((product) => product.categorySlug));
    expect(seedCategories.filter((category) => category.parentSlug !== null).every((category) => leafCategories.has(category.slug))).toBe(true);
    expect(new Set(products.flatMap((product) => product.occasions)).size).toBe(13);
    expect(products.every((product) => Number.isSafeInteger(product.priceMinor) && product.priceMinor > 0 && product.currency === 'EUR')).toBe(true);
    expect(products.some((product) => product.stock === 0)).toBe(true);
  });

  it('adds everything once and changes nothing when run again', async () => {
    const first = await seedCatalog(stores);
    expect(first.products.created + first.products.existing).toBe(products.length);
    expect(first.categories.created + first.categories.existing).toBe(seedCategories.length);
    const before = await stored();
    expect(before).toHaveLength(products.length);

    const second = await seedCatalog(stores);
    expect(second).toEqual({ categories: { created: 0, existing: seedCategories.length }, products: { created: 0, existing: products.length } });
    expect(await stored()).toEqual(before);
    expect(await mongo.db.collection('categories').countDocuments({ slug: { $in: seedCategories.map((category) => category.slug) } })).toBe(
      seedCategories.length,
    );
  });

  it('puts products where shoppers find them: in their category subtree, by search', async () => {
    await seedCatalog(stores);
    const bouquets = await stores.categories.findBySlug('bouquets');
    const roseBouquets = await stores.categories.findBySlug('rose-bouquets');
    expect(roseBouquets?.parentId).toBe(bouquets?.id);
    const [classicRed] = await stores.products.findByIds([(await stores.products.findBySlug('classic-red-rose-bouquet'))!.id]);
    expect(classicRed).toMatchObject({ categoryId: roseBouquets!.id, colours: ['red'], flowerTypes: ['rose'], price: { currency: 'EUR', amountMinor: 4500 } });
    const wreaths = await mongo.db.collection('products').countDocuments({ searchTokens: { $all: ['wreath', 'white'] } });
    expect(wreaths).toBeGreaterThanOrEqual(3);
  });
});
