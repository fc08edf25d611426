import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureEvents } from '../../test/support/events';
import { expectData, graphql } from '../../test/support/graphql';
import { metricSamples } from '../../test/support/metrics';
import { asStaff } from '../../test/support/tokens';
import { ordersDependencies, startTestSubgraph } from '../../test/support/subgraph';
import { startLossyForwarder } from '../../test/support/lossy-forwarder';
import { IntentsDatabase } from './reservations.test-support';
import { ordersSubgraph } from './subgraph';
import { testEnv } from '../../test/support/test-env';
import { EXPECTED_TIMEOUT_HEADER } from '../../runtime/subgraph/answer-deadline';
import { lastRead as eventually } from '../../test/support/eventually';
import { CHECKOUT, checkoutInput, codesOf, createProduct, fillCart, shopper, startOrdersFixture, stockOf, type OrdersFixture } from './orders.test-support';

const CART_LINES = `query($id: ID!) { cart(id: $id) { lines { productId quantity } } }`;

describe('checkout (orders with catalog, users and cart subgraphs, real providers and RabbitMQ)', () => {
  let shop: OrdersFixture;
  beforeAll(async () => {
    // Its queries are counted by origin below.
    shop = await startOrdersFixture({ STORE_ROUND_TRIP_ORIGINS: 'on' });
  });
  afterAll(() => shop?.stop());

  const ordersOf = (userId: string) => shop.orders.providers.orders.page({ userId }, 10, null);

  it("turns the cart into an order at the catalog's names and prices, reserves the stock, publishes orders.order.placed and empties the cart", async () => {
    const roses = await createProduct(shop, 'Checkout Roses', 1250, 10);
    const tulips = await createProduct(shop, 'Checkout Anemones', 999, 5);
    const ana = await shopper(shop);
    const cartId = await fillCart(shop, ana, [
      [roses, 2],
      [tulips, 1],
    ]);
    const capture = await captureEvents(['orders.order.placed']);
    try {
      const { checkout } = await expectData(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId }) }, ana.headers);
      expect(checkout).toMatchObject({
        status: 'PENDING',
        nextStatuses: ['CANCELLED'],
        user: { id: ana.id },
        subtotal: { amountMinor: 3499, currency: 'EUR' },
        deliveryFee: { amountMinor: 495 },
        total: { amountMinor: 3994, amount: '39.94' },
        delivery: {
          window: 'AFTERNOON',
          address: { recipient: 'Ana Rojas', line1: 'Calle Los Aromos 123', city: 'Santiago', postalCode: '8320000', country: 'CL' },
        },
        giftMessage: 'Happy birthday, Mamá!',
      });
      expect(checkout.lines).toEqual([
        { productName: 'Checkout Anemones', quantity: 1, unitPrice: { amountMinor: 999 }, lineTotal: { amountMinor: 999 }, product: { id: tulips } },
        { productName: 'Checkout Roses', quantity: 2, unitPrice: { amountMinor: 1250 }, lineTotal: { amountMinor: 2500 }, product: { id: roses } },
      ]);
      expect([await stockOf(shop, roses), await stockOf(shop, tulips)]).toEqual([8, 4]);

      const placed = await capture.waitFor((event) => event.data.orderId === checkout.id);
      expect(placed.data).toMatchObject({
        accountId: ana.id,
        status: 'PENDING',
        previousStatus: null,
        sequence: 1,
        cartId,
        productIds: expect.arrayContaining([roses, tulips]),
      });
      const cart = await eventually(
        () => expectData(shop.cart.url, CART_LINES, { id: cartId }, ana.headers),
        (data) => data.cart.lines.length === 0,
      );
      expect(cart.cart.lines).toEqual([]);
    } finally {
      await capture.stop();
    }
  });

  it('answers with the lines and timeline its transaction wrote, exactly as a read of the order gives them', async () => {
    // Names whose order depends on the collation ("Z" before "a" in bytes, after it in English): the database lists them.
    const zinnias = await createProduct(shop, `Zinnias ${randomUUID().slice(0, 6)}`, 700, 10);
    const anemones = await createProduct(shop, `anemones ${randomUUID().slice(0, 6)}`, 900, 10);
    const ana = await shopper(shop);
    const cartId = await fillCart(shop, ana, [
      [zinnias, 3],
      [anemones, 1],
    ]);
    const fields =
      'id status lines { id productName quantity unitPrice { amountMinor currency } lineTotal { amountMinor } product { id } } timeline { sequence type status previousStatus actorRole note occurredAt }';
    const { checkout } = await expectData(
      shop.orders.url,
      `mutation($input: CheckoutInput!) { checkout(input: $input) { ${fields} } }`,
      { input: checkoutInput(ana, { cartId }) },
      ana.headers,
    );
    const { order } = await expectData(shop.orders.url, `query($id: ID!) { order(id: $id) { ${fields} } }`, { id: checkout.id }, ana.headers);
    expect(checkout).toEqual(order);
    expect(checkout.lines.map((line: { product: { id: string } }) => line.product.id).sort()).toEqual([zinnias, anemones].sort());
    expect(checkout.timeline).toEqual([
      expect.objectContaining({ sequence: 1, type: 'ORDER_PLACED', status: 'PENDING', previousStatus: null, actorRole: 'CUSTOMER' }),
    ]);
  });

  it('reads nothing back for the lines and timeline of its answer, and an order with both costs three queries', async () => {
    const queries = async () =>
      (await metricSamples(shop.orders.metricsUrl, 'store_round_trips_total'))
        .filter(({ labels }) => labels.origin === 'graphql' && labels.store === 'postgresql')
        .reduce((sum, { value }) => sum + value, 0);
    const counted = async (work: () => Promise<unknown>) => {
      const before = await queries();
      await work();
      return (await queries()) - before;
    };
    const checkOutAsking = async (fields: string) => {
      const product = await createProduct(shop, `Counted Freesias ${randomUUID().slice(0, 6)}`, 800, 10);
      const customer = await shopper(shop);
      const cartId = await fillCart(shop, customer, [[product, 2]]);
      let id = '';
      const spent = await counted(async () => {
        const { checkout } = await expectData(
          shop.orders.url,
          `mutation($input: CheckoutInput!) { checkout(input: $input) { id ${fields} } }`,
          { input: checkoutInput(customer, { cartId }) },
          customer.headers,
        );
        id = checkout.id;
      });
      return { spent, id, customer };
    };
    const bare = await checkOutAsking('');
    const full = await checkOutAsking('lines { id productName unitPrice { amountMinor } } timeline { sequence status }');
    expect(full.spent).toBe(bare.spent);
    // The order, its lines, its events: each one query, nothing joined back to the order.
    const read = await counted(() =>
      expectData(shop.orders.url, `query($id: ID!) { order(id: $id) { id lines { id } timeline { sequence } } }`, { id: full.id }, full.customer.headers),
    );
    expect(read).toBe(3);
  });

  it('puts the receipt the confirmation mail shows into orders.order.placed: lines at the prices charged, totals, delivery slot', async () => {
    const lilies = await createProduct(shop, 'Receipt Lilies', 1500, 10);
    const ana = await shopper(shop);
    const cartId = await fillCart(shop, ana, [[lilies, 3]]);
    const capture = await captureEvents(['orders.order.placed']);
    try {
      const input = checkoutInput(ana, { cartId });
      const { checkout } = await expectData(shop.orders.url, CHECKOUT, { input }, ana.headers);
      const placed = await capture.waitFor((event) => event.data.orderId === checkout.id);
      expect(placed.data.receipt).toEqual({
        currency: checkout.subtotal.currency,
        subtotalMinor: 4500,
        deliveryFeeMinor: checkout.deliveryFee.amountMinor,
        totalMinor: checkout.total.amountMinor,
        lines: [{ productId: lilies, name: 'Receipt Lilies', quantity: 3, unitPriceMinor: 1500 }],
        delivery: { date: input.deliveryDate, window: 'AFTERNOON', city: 'Santiago' },
      });
    } finally {
      await capture.stop();
    }
  });

  it('returns the same order for a repeated idempotency key, also when eight repeats race, takes the stock once and releases every other reservation', async () => {
    const peonies = await createProduct(shop, 'Idempotent Peonies', 3000, 20);
    const ana = await shopper(shop);
    await fillCart(shop, ana, [[peonies, 2]]);
    const input = checkoutInput(ana);
    const racing = await Promise.all([1, 2, 3, 4, 5, 6, 7, 8].map(() => expectData(shop.orders.url, CHECKOUT, { input }, ana.headers)));
    const ids = new Set(racing.map((data) => data.checkout.id));
    expect(ids.size).toBe(1);
    const again = await expectData(shop.orders.url, CHECKOUT, { input }, ana.headers);
    expect(again.checkout.id).toBe([...ids][0]);
    expect(await stockOf(shop, peonies)).toBe(18);
    expect((await ordersOf(ana.id)).totalCount).toBe(1);
    // The losers' reservations were released at once, not left to the sweeper (a repeat that came after the order
    // was written reserved nothing).
    const intents = new IntentsDatabase(testEnv.DATABASE_URL);
    try {
      const rows = await intents.ofCustomers([ana.id]);
      expect(rows.filter((intent) => intent.id === [...ids][0]).map((intent) => intent.state)).toEqual(['PLACED']);
      expect(rows.filter((intent) => intent.id !== [...ids][0] && intent.state !== 'RELEASED')).toEqual([]);
    } finally {
      await intents.close();
    }
  });

  it('sells the last bouquet once when two customers check out at the same time', async () => {
    const last = await createProduct(shop, 'The Last Bouquet', 4500, 1);
    const [ana, bea] = await Promise.all([shopper(shop), shopper(shop)]);
    await fillCart(shop, ana, [[last, 1]]);
    await fillCart(shop, bea, [[last, 1]]);
    const results = await Promise.all([ana, bea].map((customer) => graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(customer) }, customer.headers)));
    const won = results.filter((result) => !result.errors);
    const lost = results.filter((result) => result.errors);
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].errors?.[0].extensions).toMatchObject({ code: 'OUT_OF_STOCK', productId: last, available: 0 });
    expect(await stockOf(shop, last)).toBe(0);
    const counts = await Promise.all([ana, bea].map(async (customer) => (await ordersOf(customer.id)).totalCount));
    expect(counts.sort()).toEqual([0, 1]);
  });

  it('refuses a cart with one line short of stock as a whole: no order, no stock taken from the other lines', async () => {
    const plenty = await createProduct(shop, 'Plenty Lilies', 1500, 20);
    const scarce = await createProduct(shop, 'Scarce Orchids', 6000, 2);
    const ana = await shopper(shop);
    const cartId = await fillCart(shop, ana, [
      [plenty, 3],
      [scarce, 2],
    ]);
    await expectData(shop.catalog.url, 'mutation($id: ID!) { adjustStock(productId: $id, delta: -1) { stock } }', { id: scarce }, await asStaff());
    const response = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId }) }, ana.headers);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'OUT_OF_STOCK', productId: scarce, available: 1 });
    expect([await stockOf(shop, plenty), await stockOf(shop, scarce)]).toEqual([20, 1]);
    expect((await ordersOf(ana.id)).totalCount).toBe(0);
  });

  it('gives up a checkout its caller stops waiting for before the order could be written (x-expected-timeout-ms): CHECKOUT_EXPIRED, nothing kept', async () => {
    const peonies = await createProduct(shop, 'Hurried Peonies', 4200, 6);
    const ana = await shopper(shop);
    const cartId = await fillCart(shop, ana, [[peonies, 2]]);
    // Half a second is less than a checkout keeps for its write and answer: it reserves, then gives the stock back.
    const hurried = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId }) }, { ...ana.headers, [EXPECTED_TIMEOUT_HEADER]: '500' });
    expect(codesOf(hurried)).toEqual(['CHECKOUT_EXPIRED']);
    expect(await stockOf(shop, peonies)).toBe(6);
    expect((await ordersOf(ana.id)).totalCount).toBe(0);
    // Awaited as the router awaits it, the same cart checks out.
    const awaited = { ...ana.headers, [EXPECTED_TIMEOUT_HEADER]: '30000' };
    const { checkout } = await expectData(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId }) }, awaited);
    expect(checkout.status).toBe('PENDING');
    expect(await stockOf(shop, peonies)).toBe(4);
  });

  it('places one order when a double tap races a tap that gives up (same idempotency key), taking the stock once', async () => {
    const lilies = await createProduct(shop, 'Double-tapped Lilies', 3100, 6);
    const ana = await shopper(shop);
    const input = checkoutInput(ana, { cartId: await fillCart(shop, ana, [[lilies, 2]]) });
    const [hurried, awaited] = await Promise.all([
      graphql(shop.orders.url, CHECKOUT, { input }, { ...ana.headers, [EXPECTED_TIMEOUT_HEADER]: '500' }),
      graphql(shop.orders.url, CHECKOUT, { input }, { ...ana.headers, [EXPECTED_TIMEOUT_HEADER]: '30000' }),
    ]);
    const placed = (awaited.data as { checkout: { id: string; status: string } }).checkout;
    expect(placed.status).toBe('PENDING');
    // The hurried tap answers the order the other placed (it found the key) or gives up; it never places a second.
    const answered = (hurried.data as { checkout?: { id: string } } | null)?.checkout?.id ?? codesOf(hurried)[0];
    expect([placed.id, 'CHECKOUT_EXPIRED', 'EMPTY_CART']).toContain(answered);
    expect((await ordersOf(ana.id)).totalCount).toBe(1);
    expect(await stockOf(shop, lilies)).toBe(4);
  });

  it('refuses an empty cart, an address that is not the customer’s, an archived product and bad input, writing nothing', async () => {
    const ana = await shopper(shop);
    const emptyCart = await fillCart(shop, ana, []);
    expect(codesOf(await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId: emptyCart }) }, ana.headers))).toEqual(['EMPTY_CART']);

    const tulips = await createProduct(shop, 'Refused Tulips', 800, 5);
    await fillCart(shop, ana, [[tulips, 1]]);
    const stranger = await shopper(shop);
    const notHers = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { addressId: stranger.addressId }) }, ana.headers);
    expect(notHers.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'addressId' });

    const past = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { deliveryDate: '2020-01-01' }) }, ana.headers);
    expect(past.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deliveryDate' });
    const badKey = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { idempotencyKey: 'short' }) }, ana.headers);
    expect(badKey.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idempotencyKey' });
    const notADate = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { deliveryDate: '2026-02-30' }) }, ana.headers);
    expect(notADate.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deliveryDate' });

    await expectData(shop.catalog.url, 'mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: tulips }, await asStaff());
    const archived = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana) }, ana.headers);
    expect(archived.errors?.[0].extensions).toMatchObject({ code: 'PRODUCT_UNAVAILABLE', productId: tulips });
    expect(await stockOf(shop, tulips)).toBe(5);
    expect((await ordersOf(ana.id)).totalCount).toBe(0);
  });

  it('lets only customers check out, and only their own cart', async () => {
    const roses = await createProduct(shop, 'Guarded Roses', 1000, 5);
    const ana = await shopper(shop);
    const cartId = await fillCart(shop, ana, [[roses, 1]]);
    expect(codesOf(await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId }) }))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId }) }, await asStaff()))).toEqual(['FORBIDDEN']);
    const bea = await shopper(shop);
    const someoneElses = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(bea, { cartId }) }, bea.headers);
    expect(someoneElses.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', from: 'cart' });
    const spoofed = await graphql(shop.orders.url, CHECKOUT, { input: { ...checkoutInput(ana, { cartId }), userId: randomUUID() } }, ana.headers);
    expect(spoofed.errors?.[0].message).toMatch(/userId/);
    expect(await stockOf(shop, roses)).toBe(5);
  });
  it('gives the stock back when the catalog reserved it but its answer was lost: SERVICE_UNAVAILABLE, no order, nothing held', async () => {
    const roses = await createProduct(shop, 'Lost Answer Roses', 1000, 6);
    const ana = await shopper(shop);
    const cartId = await fillCart(shop, ana, [[roses, 2]]);
    // In front of the real catalog: every call goes through, but the answer to reserveStock never comes back.
    const lossy = await startLossyForwarder(shop.catalog.url, (body) => body.includes('reserveStock'));
    const orders = await startTestSubgraph(
      ordersSubgraph,
      ordersDependencies(
        new Map(
          [
            ['catalog', lossy.url],
            ['cart', shop.cart.url],
            ['users', shop.users.url],
          ].map(([name, url]) => [name, { url }]),
        ),
      ),
    );
    try {
      const refused = await graphql(orders.url, CHECKOUT, { input: checkoutInput(ana, { cartId }) }, ana.headers);
      expect(codesOf(refused)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(refused.errors?.[0].extensions).toMatchObject({ service: 'catalog' });
      expect(lossy.dropped).toBe(1); // the reservation was made, its answer dropped
      expect(await stockOf(shop, roses)).toBe(6); // and given back by the release orders sent after it
      expect((await ordersOf(ana.id)).totalCount).toBe(0);
    } finally {
      await orders.stop();
      await lossy.close();
    }
  });
});
