import { randomUUID } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { ADJUST_STOCK, CREATE_PRODUCT } from './catalog.test-support';
import type { CatalogProviders } from './context';
import { connectMongo, type MongoStore } from '../../runtime/stores/mongo';
import { testEnv } from '../../test/support/test-env';
import type { StockLedgerDocument } from './store/product.document';
import { catalogSubgraph } from './subgraph';

describe('stock changes on FerretDB (no atomic updates): exact under concurrency, never below zero', () => {
  let catalog: StartedSubgraph<CatalogProviders>;
  let mongo: MongoStore;
  let staff: Record<string, string>;
  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
    mongo = await connectMongo(testEnv.MONGODB_URL, 'catalog-stock-spec');
    staff = await asStaff();
  });
  afterAll(async () => {
    await mongo?.close();
    await catalog?.stop();
  });

  const productWithStock = async (stock: number) =>
    (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: unique('Stock Orchid'), priceMinor: 3900, stock } }, staff)).createProduct.id as string;
  const stockOf = async (id: string) => (await expectData(catalog.url, `query($id: ID!) { product(id: $id) { stock inStock } }`, { id })).product;
  const ledgerOf = (id: string) =>
    mongo.db
      .collection('stock_ledger')
      .find({ productId: new ObjectId(id) })
      .sort({ version: 1 })
      .toArray();

  it('lets exactly 10 of 20 concurrent takes of one unit from a stock of 10 succeed; the others get OUT_OF_STOCK', async () => {
    const id = await productWithStock(10);
    const responses = await Promise.all(Array.from({ length: 20 }, () => graphql(catalog.url, ADJUST_STOCK, { productId: id, delta: -1 }, staff)));
    const succeeded = responses.filter((response) => !response.errors);
    const refused = responses.filter((response) => response.errors);
    expect(succeeded).toHaveLength(10);
    expect(refused.map(({ errors }) => ({ code: errors![0].extensions?.code, available: errors![0].extensions?.available }))).toEqual(
      Array.from({ length: 10 }, () => ({ code: 'OUT_OF_STOCK', available: 0 })),
    );
    expect(succeeded.map((response) => response.data.adjustStock.stock).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await stockOf(id)).toEqual({ stock: 0, inStock: false });
    const ledger = await ledgerOf(id);
    expect(ledger.map((entry) => entry.version)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(ledger.map((entry) => entry.stockAfter)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
  });

  it('loses no concurrent additions (where 50 concurrent $inc kept 15 on FerretDB)', async () => {
    const id = await productWithStock(0);
    const responses = await Promise.all(Array.from({ length: 25 }, () => graphql(catalog.url, ADJUST_STOCK, { productId: id, delta: 2 }, staff)));
    expect(responses.filter((response) => response.errors)).toEqual([]);
    expect(await stockOf(id)).toEqual({ stock: 50, inStock: true });
  });

  it('refuses taking more than there is with OUT_OF_STOCK and the available quantity, changing nothing', async () => {
    const id = await productWithStock(2);
    const response = await graphql(catalog.url, ADJUST_STOCK, { productId: id, delta: -3 }, staff);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'OUT_OF_STOCK', field: 'delta', available: 2 });
    expect(await stockOf(id)).toEqual({ stock: 2, inStock: true });
    expect(await ledgerOf(id)).toEqual([]);
  });

  /** A ledger entry as a writer that stopped right after its insert left it: no version record, no copy on the product. */
  const entryOfStoppedWriter = async (id: string, version: number, delta: number, stockAfter: number) =>
    mongo.db.collection('stock_ledger').insertOne({ _id: new ObjectId(), productId: new ObjectId(id), version, delta, stockAfter, createdAt: new Date() });

  it('takes from the newest stock when a writer stopped between its ledger entry and the rest (the copy and its record behind)', async () => {
    const id = await productWithStock(10);
    await expectData(catalog.url, ADJUST_STOCK, { productId: id, delta: -1 }, staff);
    await entryOfStoppedWriter(id, 2, -2, 7);
    expect((await expectData(catalog.url, ADJUST_STOCK, { productId: id, delta: -1 }, staff)).adjustStock).toMatchObject({ stock: 6 });
    expect((await ledgerOf(id)).map((entry) => [entry.version, entry.stockAfter])).toEqual([
      [1, 9],
      [2, 7],
      [3, 6],
    ]);
    expect(await stockOf(id)).toEqual({ stock: 6, inStock: true });
  });

  it("finishes a stopped writer's claimed entry when its caller asks again: the product shows the stock it left", async () => {
    const id = await productWithStock(10);
    const claim = { id: `reserve:${randomUUID()}:${id}`, reservationId: randomUUID() };
    // The writer stopped after its entry: no record of its version, the product's copy still at version 0.
    await mongo.db
      .collection<StockLedgerDocument>('stock_ledger')
      .insertOne({ ...claim, _id: claim.id, productId: new ObjectId(id), version: 1, delta: -3, stockAfter: 7, createdAt: new Date() });
    const copy = () => mongo.db.collection('products').findOne({ _id: new ObjectId(id) }, { projection: { _id: 0, stock: 1, stockVersion: 1 } });
    expect(await copy()).toMatchObject({ stock: 10 });

    const retries = await Promise.all([1, 2].map(() => catalog.providers.stock.append(new ObjectId(id), -3, claim, { version: 0, stock: 10 })));
    const made = { productId: new ObjectId(id), version: 1, before: 10, after: 7 };
    expect(retries).toEqual([
      { outcome: 'already-there', transition: made },
      { outcome: 'already-there', transition: made },
    ]);
    expect(await stockOf(id)).toEqual({ stock: 7, inStock: true }); // the read model was told
    expect(await copy()).toEqual({ stock: 7, stockVersion: 1 });
    expect((await expectData(catalog.url, ADJUST_STOCK, { productId: id, delta: -1 }, staff)).adjustStock).toMatchObject({ stock: 6 });
    expect((await ledgerOf(id)).map((entry) => [entry.version, entry.stockAfter])).toEqual([
      [1, 7],
      [2, 6],
    ]);
  });

  it('does not refuse for a copy that shows less than the ledger holds', async () => {
    const id = await productWithStock(0);
    await entryOfStoppedWriter(id, 1, 3, 3);
    const concurrent = await Promise.all([-1, -1].map((delta) => graphql(catalog.url, ADJUST_STOCK, { productId: id, delta }, staff)));
    expect(concurrent.map((response) => response.errors)).toEqual([undefined, undefined]);
    expect(await stockOf(id)).toEqual({ stock: 1, inStock: true });
  });

  it("puts back the newest stock copy when a product's edit wrote an older one over it (FerretDB writes documents whole)", async () => {
    const id = await productWithStock(10);
    await expectData(catalog.url, ADJUST_STOCK, { productId: id, delta: -1 }, staff);
    const products = mongo.db.collection('products');
    // What an edit that read the product before the stock change writes back with its own fields.
    await products.updateOne({ _id: new ObjectId(id) }, { $set: { stock: 10, stockVersion: 0 } });
    await expectData(catalog.url, `mutation($id: ID!) { updateProduct(id: $id, input: { priceMinor: 4100 }) { id } }`, { id }, staff);
    expect(await products.findOne({ _id: new ObjectId(id) }, { projection: { _id: 0, stock: 1, stockVersion: 1 } })).toEqual({ stock: 9, stockVersion: 1 });
  });

  it('refuses a zero delta and an unknown product', async () => {
    const id = await productWithStock(1);
    expect((await graphql(catalog.url, ADJUST_STOCK, { productId: id, delta: 0 }, staff)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'delta',
    });
    expect((await graphql(catalog.url, ADJUST_STOCK, { productId: new ObjectId().toHexString(), delta: 1 }, staff)).errors?.[0].extensions?.code).toBe(
      'NOT_FOUND',
    );
    expect((await graphql(catalog.url, ADJUST_STOCK, { productId: 'nope', delta: 1 }, staff)).errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'productId',
    });
  });

  it('is for staff only', async () => {
    const id = await productWithStock(5);
    expect((await graphql(catalog.url, ADJUST_STOCK, { productId: id, delta: -1 })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await graphql(catalog.url, ADJUST_STOCK, { productId: id, delta: -1 }, await asCustomer())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await stockOf(id)).toEqual({ stock: 5, inStock: true });
  });
});
