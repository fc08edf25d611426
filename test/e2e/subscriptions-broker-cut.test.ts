import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { metricValue } from '../support/metrics';
import { OrderStatusChanger, createTestProduct, placeTestOrder, statusChangesOf } from '../support/orders';
import { openSubscriptions, subscribe, subscriptionClient, untilSubscriptionsOpen } from '../support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testEnv } from '../support/test-env';
import { authAs } from '../support/tokens';

const STEPS = ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'];
const CHANGES = `subscription($id: ID!) { orderStatusChanges(orderId: $id) { orderId status previousStatus sequence } }`;
const STAFF_CHANGES = `subscription { orderChanges { orderId status previousStatus sequence } }`;

const bearer = async (roles: Array<'CUSTOMER' | 'STAFF'>, accountId?: string) => (await authAs(roles, accountId)).authorization;

/**
 * Issue #13: the router's connection to RabbitMQ is cut (the broker itself stays up, as in a network cut; the
 * orders service keeps publishing to it directly). The events of that time wait in the router's own queue, which
 * outlives the connection, and reach every subscriber once the router is back, each once and in order. Its gauge
 * says live updates are paused while it is cut, and live again once it consumes its queue; queries are served
 * throughout (the router stays ready: a broker outage must not take the whole API out of a load balancer).
 */
describe("live order updates across a cut of the router's broker connection", () => {
  let proxy: TcpProxy;
  let supergraph: RunningSupergraph;
  let changer: OrderStatusChanger;
  let db: Client;
  let productId: string;
  const clients: Array<{ dispose: () => void | Promise<void> }> = [];
  const client = (authorization: string) => {
    const opened = subscriptionClient(supergraph.routerUrl, authorization);
    clients.push(opened);
    return opened;
  };
  const readiness = async () => (await fetch(supergraph.routerUrl.replace(/\/graphql$/, '/readyz'))).status;
  const live = () => metricValue(supergraph.router.metricsUrl, 'events_consumer_connected', { queue: 'router.order-events' });
  /** The orders service's outbox published these orders' events: they are in the broker (and the router's queue). */
  const allPublished = async (orderIds: string[]) =>
    (await db.query(`SELECT count(*)::int AS n FROM orders.outbox_events WHERE published_at IS NULL AND payload->>'orderId' = ANY($1)`, [orderIds])).rows[0]
      .n === 0;

  beforeAll(async () => {
    proxy = await startTcpProxy(testEnv.RABBITMQ_URL);
    // Only the router goes through the proxy; the subgraphs publish and consume on the broker directly.
    supergraph = await startSupergraph({ RABBITMQ_URL: proxy.url });
    changer = new OrderStatusChanger(supergraph.routerUrl);
    productId = await createTestProduct(supergraph.routerUrl, 'Patient Peonies');
    db = new Client({ connectionString: testEnv.DATABASE_URL });
    await db.connect();
  }, 90_000);
  afterAll(async () => {
    await proxy?.up();
    await Promise.all(clients.map(async (opened) => opened.dispose()));
    await changer?.close();
    await db?.end();
    await supergraph?.stop();
    await proxy?.down();
  });

  it('delivers every event published while it was cut once it is back, each once, in order; says it is paused meanwhile', { timeout: 120_000 }, async () => {
    const accountId = randomUUID();
    const customer = { accountId, headers: { authorization: await bearer(['CUSTOMER'], accountId) } };
    const before = await openSubscriptions(supergraph.router.metricsUrl);
    const staff = subscribe(client(await bearer(['STAFF'])), STAFF_CHANGES);
    await untilSubscriptionsOpen(supergraph.router.metricsUrl, before + 1);
    const first = await placeTestOrder(supergraph.routerUrl, customer, [productId]);
    const ours = new Set([first.id]);
    const staffChanges = () => staff.results.map((result) => result.data?.orderChanges).filter((change) => change && ours.has(change.orderId));
    await staff.waitUntil(() => staffChanges().length === 1, 15_000); // the placing, before the cut
    const mine = subscribe(client(customer.headers.authorization), CHANGES, { id: first.id });
    await untilSubscriptionsOpen(supergraph.router.metricsUrl, before + 2);
    expect(await live()).toBe(1);

    await proxy.down(); // the router's connection drops, and reconnecting is refused
    await eventually(async () => (await live()) === 0, 10_000);

    // Orders move on and are placed while the router is away; their events reach the broker meanwhile.
    for (const status of STEPS) await changer.change(first, status);
    const second = await placeTestOrder(supergraph.routerUrl, customer, [productId]);
    ours.add(second.id);
    await changer.change(second, 'CONFIRMED');
    await eventually(() => allPublished([first.id, second.id]), 30_000);
    // Still paused, and nothing of that time has reached anyone; queries are answered meanwhile.
    expect(await live()).toBe(0);
    expect(await readiness()).toBe(200);
    expect(mine.results).toEqual([]);
    expect(staffChanges()).toHaveLength(1);

    await proxy.up();
    await eventually(async () => (await live()) === 1, 15_000);

    await staff.waitUntil(() => staffChanges().length >= 1 + STEPS.length + 2, 30_000);
    await mine.waitFor(STEPS.length, 30_000);
    // Anything sent twice would have come by now.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    expect(mine.results.map((result) => result.errors)).toEqual(STEPS.map(() => undefined));
    expect(mine.results.map((result) => result.data.orderStatusChanges)).toEqual(statusChangesOf(first.id, STEPS, 'PENDING', 2));
    const ofOrder = (orderId: string) => staffChanges().filter((change) => change.orderId === orderId);
    expect(ofOrder(first.id)).toEqual(statusChangesOf(first.id, ['PENDING', ...STEPS], null, 1));
    expect(ofOrder(second.id)).toEqual(statusChangesOf(second.id, ['PENDING', 'CONFIRMED'], null, 1));
    expect(staff.error).toBeUndefined();
  });
});
