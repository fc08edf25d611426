import { randomUUID } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceCallerHeaders } from '../../runtime/auth/service-caller';
import { eventOf, replicaChanged, type ReplicaChange } from '../../runtime/events/contracts';
import { createEventPublisher } from '../../runtime/events/publisher';
import { createLogger } from '../../runtime/logger';
import { connectMongo, type MongoStore } from '../../runtime/stores/mongo';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { eventually, lastRead } from '../../test/support/eventually';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy';
import { testEnv } from '../../test/support/test-env';
import { asStaff } from '../../test/support/tokens';
import { ADJUST_STOCK, CREATE_CATEGORY, CREATE_PRODUCT, PRODUCTS } from './catalog.test-support';
import type { CatalogProviders, CatalogStoreSet } from './context';
import { openCatalogStores, catalogSubgraph } from './subgraph';

const RESERVE = `mutation($reservationId: ID!, $lines: [StockReservationLineInput!]!) { reserveStock(reservationId: $reservationId, lines: $lines) { id stock } }`;
const RELEASE = `mutation($reservationId: ID!) { releaseStock(reservationId: $reservationId) }`;
const UPDATE = `mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id name } }`;
const PRODUCT = `query($id: ID!) { product(id: $id) { id name stock inStock price { amountMinor } } }`;

describe('the catalog read model (answers from memory, kept current by writes, announcements and catch-up)', () => {
  let first: StartedSubgraph<CatalogProviders>;
  let second: StartedSubgraph<CatalogProviders>;
  let mongo: MongoStore;
  /** The stores alone, as a script writes through them: no running catalog hears of these writes. */
  let unannounced: CatalogStoreSet;
  let staff: Record<string, string>;
  const asOrders = () => serviceCallerHeaders('orders', testEnv.INTERNAL_SECRET);

  beforeAll(async () => {
    first = await startTestSubgraph(catalogSubgraph);
    second = await startTestSubgraph(catalogSubgraph, { CATALOG_CATCH_UP_INTERVAL_MS: '200' });
    mongo = await connectMongo(testEnv.MONGODB_URL, 'catalog-read-model-spec');
    unannounced = await openCatalogStores(mongo);
    staff = await asStaff();
  });
  afterAll(async () => {
    await mongo?.close();
    await Promise.all([first?.stop(), second?.stop()]);
  });

  const create = async (url: string, input: Record<string, unknown>) =>
    (await expectData(url, CREATE_PRODUCT, { input: { priceMinor: 2500, ...input } }, staff)).createProduct as { id: string; slug: string; name: string };
  const productOn = async (url: string, id: string) => (await expectData(url, PRODUCT, { id })).product;
  const searchOn = async (url: string, search: string, sortBy = 'RELEVANCE') =>
    ((await expectData(url, PRODUCTS, { search, sortBy, first: 20 })).products.edges as Array<{ node: { id: string } }>).map(({ node }) => node.id);
  /** What the store holds: the stock ledger's newest entry, and the copy on the product. */
  const storedStock = async (id: string) => {
    const ledger = (await first.providers.stock.current(new ObjectId(id))).stock;
    const copy = (await first.providers.products.findDocument(new ObjectId(id)))!.stock;
    return { ledger, copy };
  };

  describe('read-your-writes: the process that wrote answers with the write at once', () => {
    it('after creating, updating and archiving a product', async () => {
      const word = `zr${randomUUID().slice(0, 6)}`;
      const product = await create(first.url, { name: `Peony ${word}` });
      expect(await searchOn(first.url, word)).toEqual([product.id]);
      expect((await productOn(first.url, product.id)).name).toBe(`Peony ${word}`);
      await expectData(first.url, UPDATE, { id: product.id, input: { name: `Dahlia ${word}x`, priceMinor: 4100 } }, staff);
      expect(await productOn(first.url, product.id)).toMatchObject({ name: `Dahlia ${word}x`, price: { amountMinor: 4100 } });
      expect(await searchOn(first.url, `${word}x dahlia`)).toEqual([product.id]);
      await expectData(first.url, `mutation($id: ID!) { archiveProduct(id: $id) { id } }`, { id: product.id }, staff);
      expect(await searchOn(first.url, word)).toEqual([]);
      expect(await productOn(first.url, product.id)).toBeNull();
    });

    it('after stock adjustments, reservations and their release', async () => {
      const product = await create(first.url, { name: unique('Stocked Lily'), stock: 3 });
      await expectData(first.url, ADJUST_STOCK, { productId: product.id, delta: 4 }, staff);
      expect(await productOn(first.url, product.id)).toMatchObject({ stock: 7, inStock: true });
      const reservationId = randomUUID();
      await expectData(first.url, RESERVE, { reservationId, lines: [{ productId: product.id, quantity: 7 }] }, asOrders());
      expect(await productOn(first.url, product.id)).toMatchObject({ stock: 0, inStock: false });
      await expectData(first.url, RELEASE, { reservationId }, asOrders());
      expect(await productOn(first.url, product.id)).toMatchObject({ stock: 7, inStock: true });
    });

    it('after a rating event is applied (the RATING order) and a category is created', async () => {
      const word = `zt${randomUUID().slice(0, 6)}`;
      const low = await create(first.url, { name: `Low ${word}` });
      const high = await create(first.url, { name: `High ${word}` });
      await first.providers.products.applyRating(new ObjectId(high.id), 4.8, 5, new Date());
      await first.providers.products.applyRating(new ObjectId(low.id), 2, 1, new Date());
      expect(await searchOn(first.url, word, 'RATING')).toEqual([high.id, low.id]);
      const category = (await expectData(first.url, CREATE_CATEGORY, { input: { name: unique('Shelf') } }, staff)).createCategory;
      const { categories } = await expectData(first.url, `query { categories { id } }`);
      expect(categories.map((c: { id: string }) => c.id)).toContain(category.id);
    });
  });

  describe('replicas', () => {
    it('a second instance sees what was written through the first (announced)', async () => {
      const word = `zs${randomUUID().slice(0, 6)}`;
      const product = await create(first.url, { name: `Orchid ${word}`, stock: 2 });
      await eventually(async () => (await searchOn(second.url, word)).includes(product.id));
      await expectData(first.url, ADJUST_STOCK, { productId: product.id, delta: -2 }, staff);
      expect(
        await lastRead(
          () => productOn(second.url, product.id),
          (read) => read.stock === 0,
        ),
      ).toMatchObject({ stock: 0, inStock: false });
      const category = (await expectData(first.url, CREATE_CATEGORY, { input: { name: unique('Replicated') } }, staff)).createCategory;
      await eventually(async () => (await expectData(second.url, `query($id: ID) { category(id: $id) { id } }`, { id: category.id })).category !== null);
    });

    it('a write no replica was told of (a missed announcement) is caught up from the store', async () => {
      const product = await create(first.url, { name: unique('Quiet Tulip'), stock: 1 });
      await eventually(async () => (await productOn(second.url, product.id)) !== null);
      await unannounced.products.update(new ObjectId(product.id), { priceMinor: 9900 });
      await unannounced.stock.adjust(new ObjectId(product.id), 5);
      expect(
        await lastRead(
          () => productOn(second.url, product.id),
          (read) => read.stock === 6 && read.price.amountMinor === 9900,
        ),
      ).toMatchObject({
        stock: 6,
        price: { amountMinor: 9900 },
      });
    });
  });

  /**
   * A product written through `writer` and seen on `reader`; then, with the relay `broker` down, a stock change and a
   * new price written through `writer`: once the relay is back, `reader` shows both (neither catches up from the
   * store within a test: the announcements alone bring them).
   */
  const expectWritesOfTheCut = async (writer: string, reader: string, broker: TcpProxy, name: string) => {
    const product = await create(writer, { name: unique(name), stock: 4 });
    await eventually(async () => (await productOn(reader, product.id)) !== null);
    await broker.down();
    await expectData(writer, ADJUST_STOCK, { productId: product.id, delta: -3 }, staff);
    await expectData(writer, UPDATE, { id: product.id, input: { priceMinor: 3300 } }, staff);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await productOn(reader, product.id)).toMatchObject({ stock: 4, price: { amountMinor: 2500 } });
    await broker.up();
    expect(
      await lastRead(
        () => productOn(reader, product.id),
        (read) => read.stock === 1 && read.price.amountMinor === 3300,
        15_000,
      ),
    ).toMatchObject({ stock: 1, price: { amountMinor: 3300 } });
  };

  describe('a replica cut off from the broker', () => {
    let broker: TcpProxy;
    let away: StartedSubgraph<CatalogProviders>;
    let writer: StartedSubgraph<CatalogProviders>;
    let patient: StartedSubgraph<CatalogProviders>;
    beforeAll(async () => {
      broker = await startTcpProxy(testEnv.RABBITMQ_URL);
      // No catch-up within the tests for the readers (see expectWritesOfTheCut).
      away = await startTestSubgraph(catalogSubgraph, { RABBITMQ_URL: broker.url, CATALOG_CATCH_UP_INTERVAL_MS: '600000' });
      writer = await startTestSubgraph(catalogSubgraph, { RABBITMQ_URL: broker.url });
      patient = await startTestSubgraph(catalogSubgraph, { CATALOG_CATCH_UP_INTERVAL_MS: '600000' });
    });
    afterAll(async () => {
      await Promise.all([away?.stop(), writer?.stop(), patient?.stop()]);
      await broker?.down();
    });

    it('applies what was announced meanwhile once it is back', () => expectWritesOfTheCut(first.url, away.url, broker, 'Patient Freesia'));

    it('announces what it wrote meanwhile once it is back', () => expectWritesOfTheCut(writer.url, patient.url, broker, 'Stubborn Peony'));
  });

  // Announcements are tried again after a lost confirm, and a broker may deliver one twice: each must be harmless.
  describe('announcements delivered twice, at once or late', () => {
    let reader: StartedSubgraph<CatalogProviders>;
    beforeAll(async () => {
      reader = await startTestSubgraph(catalogSubgraph, { CATALOG_CATCH_UP_INTERVAL_MS: '600000' }); // no catch-up to mend it
    });
    afterAll(async () => reader?.stop());

    it('leave the newest stock and product, however many copies come and in whatever order', async () => {
      const product = await create(first.url, { name: unique('Twice Told Iris'), stock: 4 });
      const marker = await create(first.url, { name: unique('Marker Aster') });
      await expectData(first.url, ADJUST_STOCK, { productId: product.id, delta: -1 }, staff);
      await expectData(first.url, ADJUST_STOCK, { productId: product.id, delta: -1 }, staff);
      await expectData(first.url, UPDATE, { id: product.id, input: { priceMinor: 4400 } }, staff);
      const seen = (read: { stock: number; price: { amountMinor: number } } | null) => read?.stock === 2 && read.price.amountMinor === 4400;
      await lastRead(() => productOn(reader.url, product.id), seen);
      await eventually(async () => (await productOn(reader.url, marker.id)) !== null);
      const { version } = await first.providers.stock.current(new ObjectId(product.id));

      const publisher = createEventPublisher({ url: testEnv.RABBITMQ_URL, logger: createLogger('replica-announcements-test', 'silent') });
      const announce = (change: Omit<ReplicaChange, 'origin'>) => publisher.publish(eventOf(replicaChanged, { origin: 'test', ...change }));
      /** A change of the marker, never announced before, announced after the others: once it shows, they were applied. */
      const afterMarker = async (priceMinor: number) => {
        await unannounced.products.update(new ObjectId(marker.id), { priceMinor });
        await announce({ products: [marker.id], stock: [], categories: [] });
        await lastRead(
          () => productOn(reader.url, marker.id),
          (read) => read?.price.amountMinor === priceMinor,
        );
      };
      const newest = { productId: product.id, version, stock: 2 };
      const older = { productId: product.id, version: version - 1, stock: 3 };
      try {
        await Promise.all(Array.from({ length: 4 }, () => announce({ products: [product.id], stock: [newest], categories: [] }))); // at once
        await afterMarker(7700);
        await Promise.all(Array.from({ length: 4 }, () => announce({ products: [], stock: [older], categories: [] }))); // late
        await afterMarker(7800);
      } finally {
        await publisher.close();
      }
      expect(await productOn(reader.url, product.id)).toMatchObject({ stock: 2, inStock: true, price: { amountMinor: 4400 } });
    });
  });

  describe('concurrent writes', () => {
    it('identical writes at once (double taps) leave one result in memory and in the store', async () => {
      const slug = unique('double-tap');
      const created = await Promise.all(
        [1, 2].map(() => graphql(first.url, CREATE_PRODUCT, { input: { name: 'Double Tap Rose', slug, priceMinor: 1000, stock: 5 } }, staff)),
      );
      expect(created.filter((response) => !response.errors)).toHaveLength(1);
      expect(created.filter((response) => response.errors?.[0].extensions?.code === 'CONFLICT')).toHaveLength(1);
      const id = created.find((response) => !response.errors)!.data.createProduct.id as string;
      expect((await expectData(first.url, `query($slug: String!) { productBySlug(slug: $slug) { id } }`, { slug })).productBySlug.id).toBe(id);
      const reservationId = randomUUID();
      await Promise.all([1, 2].map(() => expectData(first.url, RESERVE, { reservationId, lines: [{ productId: id, quantity: 2 }] }, asOrders())));
      expect((await productOn(first.url, id)).stock).toBe(3);
      expect(await storedStock(id)).toEqual({ ledger: 3, copy: 3 });
    });

    it('after a burst of concurrent reservations, memory holds what the store holds', async () => {
      const product = await create(first.url, { name: unique('Burst Gerbera'), stock: 10 });
      const responses = await Promise.all(
        Array.from({ length: 16 }, () =>
          graphql(first.url, RESERVE, { reservationId: randomUUID(), lines: [{ productId: product.id, quantity: 1 }] }, asOrders()),
        ),
      );
      expect(responses.filter((response) => !response.errors)).toHaveLength(10);
      expect(await storedStock(product.id)).toEqual({ ledger: 0, copy: 0 });
      expect(await productOn(first.url, product.id)).toMatchObject({ stock: 0, inStock: false });
      expect(
        await lastRead(
          () => productOn(second.url, product.id),
          (read) => read?.stock === 0,
        ),
      ).toMatchObject({ stock: 0, inStock: false });
    });
  });
});
