import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../scripts/migrations/apply';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../scripts/migrations/throwaway-database';
import { createLogger } from '../../runtime/logger';
import { graphql } from '../../test/support/graphql';
import { startLossyForwarder } from '../../test/support/lossy-forwarder';
import { metricValue } from '../../test/support/metrics';
import { spawnService } from '../../test/support/service-process';
import { testEnv } from '../../test/support/test-env';
import { testKeys } from '../../test/support/tokens';
import { CatalogClient } from './clients/catalog.client';
import {
  CHECKOUT,
  checkoutInput,
  createProduct,
  fillCart,
  shopper,
  startOrdersFixture,
  stockOf,
  type OrdersFixture,
  type Shopper,
} from './orders.test-support';
import { serveTestShoppersZone } from './shoppers-zone.test-setup';
import { checkOut, checkoutWithFaults, IntentsDatabase, type CheckoutFaults } from './reservations.test-support';
import { startReservationSweeper } from './service/reservation-sweeper';

// These tests wait out deadlines and race many checkouts on a shared, busy machine.
const SLOW_TEST_MS = 120_000;
// Seconds a checkout's reservation may stay unconfirmed here: short, so the sweeper acts within a test, yet longer
// than any reserve takes on a busy machine (the timeout must outlast the longest checkout, its reserve included).
const TIMEOUT_SECONDS = 6;
const FINISHED = ['PLACED', 'RELEASED'];

/**
 * The sweeper takes every intent past its deadline, so these tests get an orders database of their own: with a
 * short timeout it would otherwise give up slow checkouts of other test runs sharing the stores. The catalog, cart
 * and users are the tests' usual ones (products and customers are each test's own).
 */
describe('stock reservations end in an order or a release (checkout intents and the sweeper, real providers and catalog)', { timeout: SLOW_TEST_MS }, () => {
  let database: ThrowawayDatabase;
  let shop: OrdersFixture;
  let intents: IntentsDatabase;

  beforeAll(async () => {
    database = await createThrowawayDatabase(testEnv.DATABASE_URL, 'flores_orders_reservations');
    await applyMigrations({ databaseUrl: database.url, services: ['orders'] });
    await serveTestShoppersZone(database.url);
    shop = await startOrdersFixture({ DATABASE_URL: database.url, ORDERS_RESERVATION_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS) });
    intents = new IntentsDatabase(database.url);
  });
  afterAll(async () => {
    await intents?.close();
    await shop?.stop();
    await database?.drop();
  });

  /** Carts filled one at a time: a dozen at once can keep the shared catalog from answering the cart in time. */
  const fillCarts = async (customers: Shopper[], carts: Array<Array<[string, number]>>) => {
    for (const [index, customer] of customers.entries()) await fillCart(shop, customer, carts[index]);
  };
  const orderCount = async (customer: Shopper) => (await shop.orders.providers.orders.page({ userId: customer.id }, 10, null)).totalCount;
  /** Waits until every intent of these customers is PLACED or RELEASED (the fixture's sweeper works meanwhile), and returns them. */
  const settled = async (customers: Shopper[], timeoutMs = 60_000) => {
    const ids = customers.map((customer) => customer.id);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = await intents.ofCustomers(ids);
      if (rows.every((row) => FINISHED.includes(row.state)) || Date.now() > deadline) return rows;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  it('releases the stock exactly once when the orders process dies between reserving and writing, and no order exists', async () => {
    const peonies = await createProduct(shop, 'Crash Peonies', 2200, 10);
    const ana = await shopper(shop);
    const cartId = await fillCart(shop, ana, [[peonies, 3]]);
    // The catalog reserves; its answer is held, so the orders process is still waiting for it when it is killed.
    const catalog = await startLossyForwarder(shop.catalog.url, (body) => body.includes('reserveStock'), { hold: true });
    const orders = await spawnService('subgraphs/orders/main.js', 'orders subgraph listening', {
      AUTH_JWKS_URL: (await testKeys()).jwksUrl,
      DATABASE_URL: database.url,
      CATALOG_URL: catalog.url,
      CART_URL: shop.cart.url,
      USERS_URL: shop.users.url,
      ORDERS_RESERVATION_TIMEOUT_SECONDS: String(TIMEOUT_SECONDS),
    });
    try {
      const answer = graphql(orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId }) }, ana.headers).catch((error: unknown) => error);
      await catalog.droppedAtLeast(1);
      await orders.kill();
      expect(await answer).toBeInstanceOf(Error); // the connection died with the process
    } finally {
      await orders.kill().catch(() => null);
      await catalog.close();
    }
    const [held] = await intents.ofCustomers([ana.id]);
    expect(held.state).toBe('OPEN');
    expect(await stockOf(shop, peonies)).toBe(7);

    const [released] = await settled([ana]);
    expect(released).toMatchObject({ id: held.id, state: 'RELEASED', releaseAttempts: 1 });
    expect(await stockOf(shop, peonies)).toBe(10);
    expect(await orderCount(ana)).toBe(0);

    // Once: sweeping again changes nothing, and the catalog holds nothing more under that id.
    await shop.orders.providers.sweeper.sweep();
    expect(await intents.ofCustomers([ana.id])).toEqual([released]);
    expect(await new CatalogClient(shop.catalog.url, testEnv.INTERNAL_SECRET).release({ requestId: `test-${held.id}` }, held.id)).toBe(0);
    expect(await stockOf(shop, peonies)).toBe(10);
    expect(await metricValue(shop.orders.metricsUrl, 'orders_reservation_releases_total', { by: 'sweeper', outcome: 'released' })).toBeGreaterThanOrEqual(1);
    expect(await metricValue(shop.orders.metricsUrl, 'orders_checkout_intents', { state: 'OPEN' })).toBeGreaterThanOrEqual(0);
  });

  it('releases later what a checkout could not: the order write failed and so did its release', async () => {
    const tulips = await createProduct(shop, 'Twice Failed Tulips', 900, 10);
    const ana = await shopper(shop);
    await fillCart(shop, ana, [[tulips, 4]]);
    const checkout = checkoutWithFaults(shop, intents, { write: 'fails', releaseFails: true });
    await expect(checkOut(checkout, ana)).rejects.toThrow(/connection terminated/);
    const [abandoned] = await intents.ofCustomers([ana.id]);
    expect(abandoned.state).toBe('ABANDONED'); // given up by the checkout: no order may take it any more
    expect(await stockOf(shop, tulips)).toBe(6);

    const [released] = await settled([ana]);
    expect(released).toMatchObject({ state: 'RELEASED', releaseAttempts: 1 });
    expect(await stockOf(shop, tulips)).toBe(10);
    expect(await orderCount(ana)).toBe(0);
  });

  it('keeps the order and its stock when the write committed but its answer was lost', async () => {
    const lilies = await createProduct(shop, 'Committed Lilies', 1500, 10);
    const ana = await shopper(shop);
    await fillCart(shop, ana, [[lilies, 2]]);
    const order = await checkOut(checkoutWithFaults(shop, intents, { write: 'lost-after-commit' }), ana);
    expect(order.id).toBe((await intents.ofCustomers([ana.id]))[0].id);
    expect(await intents.ofCustomers([ana.id])).toMatchObject([{ state: 'PLACED', releaseAttempts: 0 }]);
    await shop.orders.providers.sweeper.sweep();
    expect(await stockOf(shop, lilies)).toBe(8);
    expect(await orderCount(ana)).toBe(1);
  });

  it('refuses a write that comes after the sweeper gave the reservation up: CHECKOUT_EXPIRED, no order, the stock back', async () => {
    const orchids = await createProduct(shop, 'Late Orchids', 5000, 10);
    const ana = await shopper(shop);
    await fillCart(shop, ana, [[orchids, 1]]);
    const refusal: unknown = await checkOut(checkoutWithFaults(shop, intents, { write: 'until-abandoned' }), ana).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ extensions: { code: 'CHECKOUT_EXPIRED', retryAfterSeconds: 1 } });
    const [released] = await settled([ana]);
    expect(released.state).toBe('RELEASED');
    expect(await stockOf(shop, orchids)).toBe(10);
    expect(await orderCount(ana)).toBe(0);
  });

  it('gives the stock back and writes nothing when its caller stops waiting before the order could be written: CHECKOUT_EXPIRED', async () => {
    const tulips = await createProduct(shop, 'Unawaited Tulips', 5000, 10);
    const ana = await shopper(shop);
    await fillCart(shop, ana, [[tulips, 2]]);
    // The router waits a second more (x-expected-timeout-ms), less than the checkout keeps for its write and answer.
    const refusal: unknown = await checkOut(checkoutWithFaults(shop, intents), ana, {}, performance.now() + 900).catch((error: unknown) => error);
    expect(refusal).toMatchObject({ extensions: { code: 'CHECKOUT_EXPIRED', retryAfterSeconds: 1 } });
    const [released] = await settled([ana]);
    expect(released.state).toBe('RELEASED');
    expect(await stockOf(shop, tulips)).toBe(10);
    expect(await orderCount(ana)).toBe(0);
    // Awaited long enough, the same cart checks out.
    const order = await checkOut(checkoutWithFaults(shop, intents), ana, {}, performance.now() + 60_000);
    expect(order.status).toBe('PENDING');
    expect(await stockOf(shop, tulips)).toBe(8);
  });

  it('lets exactly one win when slow order writes race sweepers at the deadline (two rounds of twelve at once, three sweepers)', async () => {
    // Two more replicas' sweepers, sweeping all the time, beside the fixture's own.
    const replicas = [1, 2].map(() =>
      startReservationSweeper({
        intents: shop.orders.providers.intents,
        catalog: new CatalogClient(shop.catalog.url, testEnv.INTERNAL_SECRET),
        logger: createLogger('orders-test', 'silent'),
        intervalMs: 20,
        backoff: { baseSeconds: 1, maxSeconds: 2 },
      }),
    );
    try {
      for (const round of [1, 2]) await raceRound(round);
    } finally {
      await Promise.all(replicas.map((sweeper) => sweeper.stop()));
    }
  });

  /** Twelve checkouts at once, most writing their order just as their intent falls due; every one ends one way. */
  async function raceRound(round: number): Promise<void> {
    const products = await Promise.all(['Roses', 'Tulips', 'Lilies'].map((name) => createProduct(shop, `Racing ${name} ${round}`, 1200, 100)));
    // Each writes once its intent is due plus this many ms (null: at once, as a checkout normally does).
    const offsets = [null, null, 0, 0, 0, 0, 0, 0, 25, 50, 100, 500];
    const customers = await Promise.all(offsets.map(() => shopper(shop)));
    const quantities = customers.map((_, index) => 1 + (index % 3));
    await fillCarts(
      customers,
      customers.map((_, index) => [[products[index % 3], quantities[index]]]),
    );
    const outcomes = await Promise.allSettled(
      customers.map((customer, index) => {
        const offsetMs = offsets[index];
        return checkOut(checkoutWithFaults(shop, intents, offsetMs === null ? {} : { write: { untilDue: true, offsetMs } }), customer);
      }),
    );
    const rows = await settled(customers);
    const expected = new Map(products.map((id) => [id, 100]));
    for (const [index, outcome] of outcomes.entries()) {
      const intent = rows.find((row) => row.userId === customers[index].id);
      const orders = await orderCount(customers[index]);
      if (outcome.status === 'fulfilled') {
        expect({ intent: intent?.state, orders, id: outcome.value.id }).toEqual({ intent: 'PLACED', orders: 1, id: intent?.id });
        expected.set(products[index % 3], expected.get(products[index % 3])! - quantities[index]);
      } else {
        // Lost to a sweeper (CHECKOUT_EXPIRED), or, on a busy machine, a catalog that answered too late (SERVICE_UNAVAILABLE,
        // before reserving: no intent; or the reserve: released).
        const code = (outcome.reason as { extensions?: { code?: string } }).extensions?.code;
        expect({ intent: intent?.state ?? 'RELEASED', orders, expired: ['CHECKOUT_EXPIRED', 'SERVICE_UNAVAILABLE'].includes(code ?? '') }).toEqual({
          intent: 'RELEASED',
          orders: 0,
          expired: true,
        });
      }
    }
    for (const product of products) expect({ product, stock: await stockOf(shop, product) }).toEqual({ product, stock: expected.get(product) });
  }

  it('conserves stock through a burst of concurrent checkouts with failures injected everywhere', async () => {
    const products = await Promise.all(['Burst Roses', 'Burst Tulips', 'Burst Peonies'].map((name) => createProduct(shop, name, 1000, 100)));
    const plans: CheckoutFaults[] = [
      {},
      {},
      {},
      { reserveAnswerLost: true },
      { reserveAnswerLost: true, releaseFails: true },
      { write: 'fails' },
      { write: 'fails', releaseFails: true },
      { write: 'lost-after-commit' },
      { write: 'until-abandoned' },
      { write: 'until-abandoned', releaseFails: true },
      { write: { untilDue: true, offsetMs: 0 } },
      { write: { untilDue: true, offsetMs: 0 }, releaseFails: true },
    ];
    const customers = await Promise.all(plans.map(() => shopper(shop)));
    const carts = customers.map((_, index): Array<[string, number]> => [
      [products[index % 3], 1 + (index % 4)],
      [products[(index + 1) % 3], 1],
    ]);
    await fillCarts(customers, carts);

    const outcomes = await Promise.allSettled(customers.map((customer, index) => checkOut(checkoutWithFaults(shop, intents, plans[index]), customer)));
    const rows = await settled(customers);
    expect(rows.filter((row) => !FINISHED.includes(row.state))).toEqual([]);

    const expected = new Map(products.map((id) => [id, 100]));
    for (const [index, outcome] of outcomes.entries()) {
      // No intent: the checkout failed before reserving (a busy catalog not answering its product look-up).
      const placed = rows.find((row) => row.userId === customers[index].id)?.state === 'PLACED';
      const orders = await orderCount(customers[index]);
      // An order exists exactly when its checkout answered with it and its intent is PLACED.
      expect({ plan: plans[index], answered: outcome.status === 'fulfilled', orders }).toEqual({
        plan: plans[index],
        answered: placed,
        orders: placed ? 1 : 0,
      });
      if (placed) for (const [productId, quantity] of carts[index]) expected.set(productId, expected.get(productId)! - quantity);
    }
    for (const product of products) expect({ product, stock: await stockOf(shop, product) }).toEqual({ product, stock: expected.get(product) });
  });

  it('deletes finished intents once older than the retention, never an unfinished one', async () => {
    const stems = await createProduct(shop, 'Pruned Stems', 700, 10);
    const [placed, open] = await Promise.all([shopper(shop), shopper(shop)]);
    await fillCart(shop, placed, [[stems, 1]]);
    await checkOut(checkoutWithFaults(shop, intents), placed);
    await intents.insertOpen(open.id, 3600); // due in an hour: the sweeper leaves it OPEN meanwhile
    await shop.orders.providers.intents.prune(new Date(Date.now() - 60_000), 1000);
    expect((await intents.ofCustomers([placed.id, open.id])).map((row) => row.state).sort()).toEqual(['OPEN', 'PLACED']);
    await shop.orders.providers.intents.prune(new Date(Date.now() + 60_000), 1000);
    expect((await intents.ofCustomers([placed.id, open.id])).map((row) => row.state)).toEqual(['OPEN']);
  });
});
