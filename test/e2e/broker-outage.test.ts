import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from 'pg';
import { captureEvents } from '../support/events';
import { expectData } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { cancelOrder, changeOrderStatus, checkoutCart, createShopProduct, newShopCustomer } from '../support/shop';
import { testEnv } from '../support/test-env';
import { eventually } from '../support/eventually';
import { metricValue } from '../support/metrics';
import { openSubscriptions, subscribe, subscriptionClient, untilSubscriptionsOpen } from '../support/subscriptions';
import { asStaff } from '../support/tokens';

const STOCK = `query($id: ID!) { product(id: $id) { stock } }`;
const CART = `query($id: ID!) { cart(id: $id) { lines { productId } } }`;
const REVIEW = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id verifiedPurchase } }`;
const MY_REVIEWS = `query { myReviews { id verifiedPurchase } }`;
const STAFF_CHANGES = `subscription { orderChanges { orderId status previousStatus sequence } }`;

/**
 * Nothing is lost while RabbitMQ is down: orders are placed and moved on (their events wait in the orders
 * outbox), and once the broker is back every event arrives and takes effect exactly once: the cart empties,
 * the delivered products become verified purchases, the cancelled order's stock comes back once, and the staff's
 * live feed, open through the outage, shows every change once and in order (the router's queue outlived it).
 *
 * The router and every subgraph reach RabbitMQ through a relay of this test's own: the outage cuts their
 * connections and refuses new ones, as a broker that is down does, while the shared broker keeps serving
 * whatever else runs beside this file (and the test's own event capture, its witness).
 */
describe('a RabbitMQ outage during checkout and fulfilment', () => {
  let supergraph: RunningSupergraph;
  let broker: TcpProxy;
  let db: Client;
  beforeAll(async () => {
    broker = await startTcpProxy(testEnv.RABBITMQ_URL);
    supergraph = await startSupergraph({ RABBITMQ_URL: broker.url }, () => ({ RABBITMQ_URL: broker.url }));
    db = new Client({ connectionString: testEnv.DATABASE_URL });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    await supergraph?.stop();
    await broker?.down();
  });

  it('publishes every event after the broker returns, each taking effect once', async () => {
    const router = supergraph.routerUrl;
    const roses = await createShopProduct(router, 'Outage Roses', 10, 3000);
    const ana = await newShopCustomer(router);
    const capture = await captureEvents(['orders.order.*']);
    // Written before the outage, so it is not a verified purchase yet: the delivered event will make it one.
    const { submitReview } = await expectData(
      router,
      REVIEW,
      { input: { productId: roses, rating: 5, title: 'Lovely', body: 'Arrived fresh and on time.' } },
      ana.headers,
    );
    expect(submitReview.verifiedPurchase).toBe(false);
    const staffClient = subscriptionClient(router, (await asStaff()).authorization);
    const openBefore = await openSubscriptions(supergraph.router.metricsUrl);
    const feed = subscribe(staffClient, STAFF_CHANGES);
    await untilSubscriptionsOpen(supergraph.router.metricsUrl, openBefore + 1);
    try {
      await broker.down();
      const delivered = await checkoutCart(router, ana, [[roses, 2]]);
      const cancelled = await checkoutCart(router, ana, [[roses, 1]]);
      for (const status of ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED']) await changeOrderStatus(router, delivered.orderId, status);
      await cancelOrder(router, cancelled.orderId, ana.headers);
      const ids = [delivered.orderId, cancelled.orderId];

      const waiting = await db.query(`SELECT count(*)::int AS n FROM orders.outbox_events WHERE published_at IS NULL AND payload->>'orderId' = ANY($1)`, [ids]);
      expect(waiting.rows[0].n).toBe(7);
      // The orders service reports them as its outbox backlog.
      const orders = supergraph.subgraphs.get('orders')!.metricsUrl;
      expect(await metricValue(orders, 'events_outbox_backlog', { outbox: 'orders' })).toBeGreaterThanOrEqual(7);
      expect((await expectData(router, STOCK, { id: roses })).product.stock).toBe(7);

      await broker.up();
      await eventually(
        async () => new Set(capture.events.filter((event) => ids.includes(String(event.data.orderId))).map((event) => event.id)).size >= 7,
        90_000,
      );
      const mine = capture.events.filter((event) => ids.includes(String(event.data.orderId)));
      const distinct = new Map(mine.map((event) => [event.id, event]));
      expect(
        [...distinct.values()]
          .map((event) => `${event.data.orderId === delivered.orderId ? 'delivered' : 'cancelled'}:${String(event.data.sequence)}:${event.type}`)
          .sort(),
      ).toEqual([
        'cancelled:1:orders.order.placed',
        'cancelled:2:orders.order.cancelled',
        'delivered:1:orders.order.placed',
        'delivered:2:orders.order.confirmed',
        'delivered:3:orders.order.preparing',
        'delivered:4:orders.order.out_for_delivery',
        'delivered:5:orders.order.delivered',
      ]);
      // The relay marks a row published once the broker confirmed it, which may come just after a consumer got it.
      const unpublished = async () =>
        (await db.query(`SELECT count(*)::int AS n FROM orders.outbox_events WHERE published_at IS NULL AND payload->>'orderId' = ANY($1)`, [ids])).rows[0].n;
      await eventually(async () => (await unpublished()) === 0, 10_000);
      await eventually(async () => (await metricValue(orders, 'events_outbox_backlog', { outbox: 'orders' })) === 0, 10_000);

      // The effects, each once: the cancelled order's unit is back (10 - 2 - 1 + 1), the carts are empty, the purchase is verified.
      await eventually(async () => (await expectData(router, STOCK, { id: roses })).product.stock === 8, 30_000);
      for (const { cartId } of [delivered, cancelled]) {
        await eventually(async () => (await expectData(router, CART, { id: cartId }, ana.headers)).cart.lines.length === 0, 30_000);
      }
      await eventually(async () => (await expectData(router, MY_REVIEWS, {}, ana.headers)).myReviews[0]?.verifiedPurchase === true, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect((await expectData(router, STOCK, { id: roses })).product.stock).toBe(8);

      // The staff feed: every change of both orders, once each, in order.
      const changesOf = (orderId: string) =>
        feed.results
          .map((result) => result.data?.orderChanges)
          .filter((change) => change?.orderId === orderId)
          .map((change) => `${change.sequence}:${change.status}`);
      await feed.waitUntil(() => changesOf(delivered.orderId).length >= 5 && changesOf(cancelled.orderId).length >= 2, 30_000);
      expect(changesOf(delivered.orderId)).toEqual(['1:PENDING', '2:CONFIRMED', '3:PREPARING', '4:OUT_FOR_DELIVERY', '5:DELIVERED']);
      expect(changesOf(cancelled.orderId)).toEqual(['1:PENDING', '2:CANCELLED']);
    } finally {
      await broker.up();
      await capture.stop();
      await staffClient.dispose();
    }
  }, 240_000);
});
