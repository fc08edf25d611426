import { randomUUID } from 'node:crypto';
import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_CALLER_HEADER, serviceCallerHeaders } from '../../runtime/auth/service-caller';
import { connectMongo, type MongoStore } from '../../runtime/stores/mongo';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import { captureEvents } from '../../test/support/events';
import { CREATE_PRODUCT } from './catalog.test-support';
import { stockReleased } from '../../runtime/events/contracts';
import type { CatalogProviders } from './context';
import { catalogSubgraph } from './subgraph';

const RESERVE = `mutation($reservationId: ID!, $lines: [StockReservationLineInput!]!) {
  reserveStock(reservationId: $reservationId, lines: $lines) { id stock inStock }
}`;
const RELEASE = `mutation($reservationId: ID!) { releaseStock(reservationId: $reservationId) }`;

describe('stock reservations for checkout, on the FerretDB stock ledger', () => {
  let catalog: StartedSubgraph<CatalogProviders>;
  let mongo: MongoStore;
  let staff: Record<string, string>;
  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
    mongo = await connectMongo(testEnv.MONGODB_URL, 'catalog-reservations-spec');
    staff = await asStaff();
  });
  afterAll(async () => {
    await mongo?.close();
    await catalog?.stop();
  });

  const asOrders = () => serviceCallerHeaders('orders', testEnv.INTERNAL_SECRET);
  const productWithStock = async (stock: number) =>
    (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: unique('Reserved Lily'), priceMinor: 2900, stock } }, staff)).createProduct.id as string;
  const stockOf = async (id: string) => (await catalog.providers.stock.current(new ObjectId(id))).stock;
  const line = (productId: string, quantity: number) => ({ productId: new ObjectId(productId), quantity });
  const randomProduct = new ObjectId().toHexString();
  const ledgerOf = (id: string) =>
    mongo.db
      .collection('stock_ledger')
      .find({ productId: new ObjectId(id) })
      .toArray();

  describe('the store', () => {
    it('gives the last unit to exactly one of two concurrent reservations; the stock never goes below zero', async () => {
      const id = await productWithStock(1);
      const outcomes = await Promise.allSettled([
        catalog.providers.reservations.reserve(randomUUID(), [line(id, 1)]),
        catalog.providers.reservations.reserve(randomUUID(), [line(id, 1)]),
      ]);
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const [refused] = outcomes.filter((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      expect(refused.reason.extensions).toMatchObject({ code: 'OUT_OF_STOCK', productId: id, available: 0 });
      expect(await stockOf(id)).toBe(0);
      expect((await ledgerOf(id)).map((entry) => entry.stockAfter)).toEqual([0]);
    });

    it("takes all lines or none: a failure on the second line leaves the first line's stock as it was", async () => {
      const [first, second] = [await productWithStock(5), await productWithStock(1)].sort();
      await expect(catalog.providers.reservations.reserve(randomUUID(), [line(second, 2), line(first, 3)])).rejects.toMatchObject({
        extensions: { code: 'OUT_OF_STOCK', productId: second, available: 1, field: 'lines.0.quantity' },
      });
      expect(await stockOf(first)).toBe(5);
      expect(await stockOf(second)).toBe(1);
    });

    it('refuses unknown and archived products with typed errors, taking nothing', async () => {
      const kept = await productWithStock(4);
      const unknown = new ObjectId().toHexString();
      await expect(catalog.providers.reservations.reserve(randomUUID(), [line(kept, 1), line(unknown, 1)])).rejects.toMatchObject({
        extensions: { code: 'NOT_FOUND', productId: unknown },
      });
      const archived = await productWithStock(4);
      await expectData(catalog.url, `mutation($id: ID!) { archiveProduct(id: $id) { id } }`, { id: archived }, staff);
      await expect(catalog.providers.reservations.reserve(randomUUID(), [line(kept, 1), line(archived, 1)])).rejects.toMatchObject({
        extensions: { code: 'PRODUCT_UNAVAILABLE', productId: archived },
      });
      expect([await stockOf(kept), await stockOf(archived)]).toEqual([4, 4]);
    });

    it('takes the stock once when the same reservation is asked for twice, even at once', async () => {
      const id = await productWithStock(5);
      const reservationId = randomUUID();
      await Promise.all([
        catalog.providers.reservations.reserve(reservationId, [line(id, 2)]),
        catalog.providers.reservations.reserve(reservationId, [line(id, 2)]),
      ]);
      await catalog.providers.reservations.reserve(reservationId, [line(id, 2)]);
      expect(await stockOf(id)).toBe(3);
      await expect(catalog.providers.reservations.reserve(reservationId, [line(id, 3)])).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
      expect(await stockOf(id)).toBe(3);
    });

    it('refuses asking again under the same id for fewer or other products with CONFLICT, taking nothing more', async () => {
      const [a, b] = [await productWithStock(5), await productWithStock(5)];
      const reservationId = randomUUID();
      await catalog.providers.reservations.reserve(reservationId, [line(b, 1), line(a, 1)]);
      await catalog.providers.reservations.reserve(reservationId, [line(a, 1), line(b, 1)]);
      for (const lines of [[line(a, 1)], [line(a, 1), line(b, 1), line(randomProduct, 1)]]) {
        await expect(catalog.providers.reservations.reserve(reservationId, lines)).rejects.toMatchObject({ extensions: { code: 'CONFLICT', field: 'lines' } });
      }
      expect([await stockOf(a), await stockOf(b)]).toEqual([4, 4]);
    });

    it('gives back a reservation made by a version that kept no record of its lines', async () => {
      const [a, b] = [await productWithStock(3), await productWithStock(3)];
      const reservationId = randomUUID();
      await catalog.providers.reservations.reserve(reservationId, [line(a, 1), line(b, 2)]);
      await mongo.db.collection('stock_reservations').deleteOne({ _id: reservationId as never });
      expect(await catalog.providers.reservations.release(reservationId)).toBe(2);
      expect([await stockOf(a), await stockOf(b)]).toEqual([3, 3]);
      expect(await catalog.providers.reservations.releaseTransitions(reservationId)).toHaveLength(2);
    });

    it('still succeeds asking again for a reservation whose product sold out or was archived since', async () => {
      const id = await productWithStock(2);
      const reservationId = randomUUID();
      await catalog.providers.reservations.reserve(reservationId, [line(id, 2)]);
      await expectData(catalog.url, `mutation($id: ID!) { archiveProduct(id: $id) { id } }`, { id }, staff);
      await catalog.providers.reservations.reserve(reservationId, [line(id, 2)]);
      expect(await stockOf(id)).toBe(0);
    });

    it('gives back once when released twice (or at once), and nothing for an unknown reservation', async () => {
      const [a, b] = [await productWithStock(3), await productWithStock(3)];
      const reservationId = randomUUID();
      await catalog.providers.reservations.reserve(reservationId, [line(a, 1), line(b, 2)]);
      expect([await stockOf(a), await stockOf(b)]).toEqual([2, 1]);
      const counts = await Promise.all([catalog.providers.reservations.release(reservationId), catalog.providers.reservations.release(reservationId)]);
      expect(counts[0] + counts[1]).toBe(2);
      expect(await catalog.providers.reservations.release(reservationId)).toBe(0);
      expect([await stockOf(a), await stockOf(b)]).toEqual([3, 3]);
      expect(await catalog.providers.reservations.release(randomUUID())).toBe(0);
      // A released reservation is done with: its id cannot hold stock again.
      await expect(catalog.providers.reservations.reserve(reservationId, [line(a, 1), line(b, 2)])).rejects.toMatchObject({
        extensions: { code: 'CONFLICT', field: 'reservationId' },
      });
      expect([await stockOf(a), await stockOf(b)]).toEqual([3, 3]);
    });

    it('takes nothing for a reserve that arrives after its release (the orders service gave the checkout up)', async () => {
      const id = await productWithStock(4);
      const reservationId = randomUUID();
      expect(await catalog.providers.reservations.release(reservationId)).toBe(0);
      await expect(catalog.providers.reservations.reserve(reservationId, [line(id, 2)])).rejects.toMatchObject({
        extensions: { code: 'CONFLICT', field: 'reservationId' },
      });
      expect(await stockOf(id)).toBe(4);
    });

    it('ends with the stock back whichever of a reserve and its release comes first, run at once many times', async () => {
      const id = await productWithStock(50);
      for (let round = 0; round < 10; round += 1) {
        const reservationId = randomUUID();
        await Promise.allSettled([catalog.providers.reservations.reserve(reservationId, [line(id, 1)]), catalog.providers.reservations.release(reservationId)]);
      }
      expect(await stockOf(id)).toBe(50);
    });
  });

  describe('reserveStock and releaseStock', () => {
    it('announce a release with the cache tags it changed, also when asked again (the orders sweeper reaches no router)', async () => {
      const id = await productWithStock(1);
      const reservationId = randomUUID();
      await expectData(catalog.url, RESERVE, { reservationId, lines: [{ productId: id, quantity: 1 }] }, asOrders());
      const announcements = await captureEvents([stockReleased.type]);
      try {
        expect((await expectData(catalog.url, RELEASE, { reservationId }, asOrders())).releaseStock).toBe(1);
        const first = await announcements.waitFor((event) => event.data.orderId === reservationId);
        // Back from zero: the exact count, its level, inStock and which products are in stock.
        expect(first.data).toEqual({
          orderId: reservationId,
          productIds: [id],
          cacheTags: [`catalog:Product:${id}:stock`, `catalog:Product:${id}:stockLevel`, `catalog:Product:${id}`, 'catalog:ProductStock'],
        });
        expect((await expectData(catalog.url, RELEASE, { reservationId }, asOrders())).releaseStock).toBe(0);
        await announcements.waitFor((event) => event.data.orderId === reservationId && event.id !== first.id);
      } finally {
        await announcements.stop();
      }
    });

    it('serve the orders service calling as itself, returning the products after the change', async () => {
      const [a, b] = [await productWithStock(3), await productWithStock(1)];
      const reservationId = randomUUID();
      const reserved = await expectData(
        catalog.url,
        RESERVE,
        {
          reservationId,
          lines: [
            { productId: b, quantity: 1 },
            { productId: a, quantity: 2 },
          ],
        },
        asOrders(),
      );
      expect(reserved.reserveStock).toEqual([
        { id: b, stock: 0, inStock: false },
        { id: a, stock: 1, inStock: true },
      ]);
      expect((await expectData(catalog.url, RELEASE, { reservationId }, asOrders())).releaseStock).toBe(2);
      expect((await expectData(catalog.url, RELEASE, { reservationId }, asOrders())).releaseStock).toBe(0);
      expect([await stockOf(a), await stockOf(b)]).toEqual([3, 1]);
    });

    it('report OUT_OF_STOCK with the product and what is available', async () => {
      const id = await productWithStock(2);
      const response = await graphql(catalog.url, RESERVE, { reservationId: randomUUID(), lines: [{ productId: id, quantity: 3 }] }, asOrders());
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'OUT_OF_STOCK', productId: id, available: 2 });
      expect(await stockOf(id)).toBe(2);
    });

    it('refuse everyone else with FORBIDDEN: customers, staff, admins, anonymous callers, forged headers, other services', async () => {
      const id = await productWithStock(5);
      const variables = { reservationId: randomUUID(), lines: [{ productId: id, quantity: 1 }] };
      const forged = { [SERVICE_CALLER_HEADER]: `orders.${Math.floor(Date.now() / 1000)}.bm90LWEtc2lnbmF0dXJl` };
      const otherSecret = serviceCallerHeaders('orders', 'not-the-internal-secret-but-long-enough');
      const callers = [{}, await asCustomer(), staff, await asAdmin(), forged, otherSecret, serviceCallerHeaders('cart', testEnv.INTERNAL_SECRET)];
      for (const headers of callers) {
        expect((await graphql(catalog.url, RESERVE, variables, headers)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
        expect((await graphql(catalog.url, RELEASE, { reservationId: variables.reservationId }, headers)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      }
      expect(await stockOf(id)).toBe(5);
    });

    it('refuse bad input with BAD_USER_INPUT naming the field, changing nothing', async () => {
      const id = await productWithStock(5);
      const other = await productWithStock(5);
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ reservationId: 'order-1', lines: [{ productId: id, quantity: 1 }] }, 'reservationId'],
        [{ reservationId: randomUUID().toUpperCase(), lines: [{ productId: id, quantity: 1 }] }, 'reservationId'],
        [{ reservationId: randomUUID(), lines: [] }, 'lines'],
        [{ reservationId: randomUUID(), lines: Array.from({ length: 51 }, () => ({ productId: new ObjectId().toHexString(), quantity: 1 })) }, 'lines'],
        [{ reservationId: randomUUID(), lines: [{ productId: id, quantity: 0 }] }, 'lines.0.quantity'],
        [
          {
            reservationId: randomUUID(),
            lines: [
              { productId: other, quantity: 1 },
              { productId: id, quantity: 100 },
            ],
          },
          'lines.1.quantity',
        ],
        [{ reservationId: randomUUID(), lines: [{ productId: 'nope', quantity: 1 }] }, 'lines.0.productId'],
        [
          {
            reservationId: randomUUID(),
            lines: [
              { productId: id, quantity: 1 },
              { productId: id.toUpperCase(), quantity: 1 },
            ],
          },
          'lines.1.productId',
        ],
      ];
      for (const [variables, field] of cases) {
        expect((await graphql(catalog.url, RESERVE, variables, asOrders())).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      }
      expect((await graphql(catalog.url, RELEASE, { reservationId: 'x' }, asOrders())).errors?.[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'reservationId',
      });
      expect([await stockOf(id), await stockOf(other)]).toEqual([5, 5]);
    });
  });
});
