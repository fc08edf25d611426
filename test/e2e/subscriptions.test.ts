import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderStatusChanger, createTestProduct, placeTestOrder, type TestOrder } from '../support/orders';
import { metricValue } from '../support/metrics';
import { openSubscriptions as openSubscriptionsOf, refusalCodes, subscribe, subscriptionClient, untilSubscriptionsOpen } from '../support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testKeys } from '../support/tokens';

const ORDER_CHANGED = `subscription($id: ID!) { orderStatusChanged(orderId: $id) { id status user { id } lines { product { name } } } }`;
const STAFF_FEED = `subscription { orderUpdates { id status } }`;

const bearer = async (roles: Array<'CUSTOMER' | 'STAFF' | 'ADMIN'>, accountId: string = randomUUID(), expiresIn: string | number = '5m') =>
  `Bearer ${await (await testKeys()).sign({ accountId, roles }, { expiresIn })}`;

/** Subscriptions the router has open, and waiting until it has `count` (subscribing is asynchronous). */
const openSubscriptions = (supergraph: RunningSupergraph) => openSubscriptionsOf(supergraph.router.metricsUrl);
const untilOpen = (supergraph: RunningSupergraph, count: number) => untilSubscriptionsOpen(supergraph.router.metricsUrl, count);

describe('live order updates over graphql-ws', () => {
  let supergraph: RunningSupergraph;
  let changer: OrderStatusChanger;
  let productId: string;
  const clients: Array<{ dispose: () => void | Promise<void> }> = [];
  const client = (authorization?: string) => {
    const opened = subscriptionClient(supergraph.routerUrl, authorization);
    clients.push(opened);
    return opened;
  };
  const customer = async () => {
    const accountId = randomUUID();
    const authorization = await bearer(['CUSTOMER'], accountId);
    return { accountId, authorization, headers: { authorization } };
  };
  const orderOf = async (owner: { accountId: string; headers: Record<string, string> }): Promise<TestOrder> =>
    placeTestOrder(supergraph.routerUrl, owner, [productId]);

  beforeAll(async () => {
    supergraph = await startSupergraph();
    changer = new OrderStatusChanger(supergraph.routerUrl);
    productId = await createTestProduct(supergraph.routerUrl, 'Live Peonies');
  });
  afterAll(async () => {
    await Promise.all(clients.map(async (opened) => opened.dispose()));
    await changer?.close();
    await supergraph?.stop();
  });

  it('sends the owner each change of their order, with fields of users and catalog, and counts it', async () => {
    const ana = await customer();
    const order = await orderOf(ana);
    const before = await openSubscriptions(supergraph);
    const live = subscribe(
      client(ana.authorization),
      `subscription($id: ID!) { changed: orderStatusChanged(orderId: $id) { ...Seen } } fragment Seen on Order { id status user { id } lines { product { name } } }`,
      { id: order.id },
    );
    await untilOpen(supergraph, before + 1);
    // One at a time: each event is hydrated with the order as it is when the event arrives.
    await changer.change(order, 'CONFIRMED');
    await live.waitFor(1);
    await changer.change(order, 'PREPARING');
    const results = await live.waitFor(2);
    // Beside the order, where to resume from (the order says nothing of the change): its sequence and cursor.
    const resumeFrom = (sequence: number) => ({ sequence, cursor: expect.any(String) });
    expect(results).toEqual([
      {
        data: { changed: { id: order.id, status: 'CONFIRMED', user: { id: ana.accountId }, lines: [{ product: { name: 'Live Peonies' } }] } },
        extensions: resumeFrom(2),
      },
      {
        data: { changed: { id: order.id, status: 'PREPARING', user: { id: ana.accountId }, lines: [{ product: { name: 'Live Peonies' } }] } },
        extensions: resumeFrom(3),
      },
    ]);
    const field = { field: 'orderStatusChanged' };
    expect(await metricValue(supergraph.router.metricsUrl, 'router_subscriptions_open', field)).toBeGreaterThanOrEqual(1);
    expect(await metricValue(supergraph.router.metricsUrl, 'router_subscription_events_delivered_total', field)).toBeGreaterThanOrEqual(2);
    live.unsubscribe();
  });

  it('refuses, at subscribe time, another customer (FORBIDDEN), an unknown order (NOT_FOUND) and an anonymous client (UNAUTHENTICATED)', async () => {
    const order = await orderOf(await customer());
    const eve = await customer();
    const refused = subscribe(client(eve.authorization), ORDER_CHANGED, { id: order.id });
    const unknown = subscribe(client(eve.authorization), ORDER_CHANGED, { id: randomUUID() });
    const anonymous = subscribe(client(), ORDER_CHANGED, { id: order.id });
    await Promise.all([refused.ended(), unknown.ended(), anonymous.ended()]);
    expect(refusalCodes(refused)).toEqual(['FORBIDDEN']);
    expect(refusalCodes(unknown)).toEqual(['NOT_FOUND']);
    expect(refusalCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
  });

  it('closes a connection whose token is bad with 4403 Forbidden', async () => {
    const forged = subscribe(client('Bearer not.a.token'), STAFF_FEED);
    await forged.ended();
    expect(forged.error instanceof Error ? forged.error.message : JSON.stringify(forged.error)).toContain('4403');
  });

  it('gives staff the feed of every order and refuses it to a customer; validates against the API schema', async () => {
    const before = await openSubscriptions(supergraph);
    const staff = subscribe(client(await bearer(['STAFF'])), STAFF_FEED);
    const admin = subscribe(client(await bearer(['ADMIN'])), STAFF_FEED);
    const ana = await customer();
    const asCustomer = subscribe(client(ana.authorization), STAFF_FEED);
    const invalid = subscribe(client(ana.authorization), 'subscription { orderUpdates { noSuchField } }');
    await Promise.all([asCustomer.ended(), invalid.ended()]);
    expect(refusalCodes(asCustomer)).toEqual(['FORBIDDEN']);
    expect(refusalCodes(invalid)).toEqual(['GRAPHQL_VALIDATION_FAILED']);

    await untilOpen(supergraph, before + 2);
    // The feed carries every order, also those of other tests using the same broker: only this test's count here.
    const ours = new Set<string>();
    const oursIn = (results: typeof staff.results) => results.map((result) => result.data.orderUpdates).filter((order) => ours.has(order.id));
    const untilOurs = (feed: typeof staff, count: number) => feed.waitUntil((results) => oursIn(results).length >= count);
    // New orders are news for the feed too; one step at a time (each event is hydrated as the order is then).
    const first = await orderOf(ana);
    ours.add(first.id);
    await untilOurs(staff, 1);
    const second = await orderOf(await customer());
    ours.add(second.id);
    await untilOurs(staff, 2);
    await changer.change(first, 'CONFIRMED');
    await untilOurs(staff, 3);
    await changer.change(second, 'CANCELLED');
    for (const feed of [staff, admin]) {
      await untilOurs(feed, 4);
      expect(oursIn(feed.results)).toEqual([
        { id: first.id, status: 'PENDING' },
        { id: second.id, status: 'PENDING' },
        { id: first.id, status: 'CONFIRMED' },
        { id: second.id, status: 'CANCELLED' },
      ]);
    }
  });

  it("never sends a customer an event of someone else's order", async () => {
    const ana = await customer();
    const mine = await orderOf(ana);
    const before = await openSubscriptions(supergraph);
    const live = subscribe(client(ana.authorization), ORDER_CHANGED, { id: mine.id });
    await untilOpen(supergraph, before + 1);
    // An event that names Ana's order but another customer (as a misrouted or forged event would): dropped.
    await changer.forge(mine, { accountId: randomUUID(), status: 'CONFIRMED' });
    await changer.change(await orderOf(await customer()), 'CONFIRMED');
    await changer.change(mine, 'CONFIRMED'); // the next genuine one arrives, alone
    const results = await live.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(live.results).toEqual([results[0]]);
    expect(results[0].data.orderStatusChanged.status).toBe('CONFIRMED');
  });

  it('ends a subscription with UNAUTHENTICATED at the first event after its token expired', async () => {
    const accountId = randomUUID();
    // Checking out takes a few calls: with a token of its own, so only the subscription's is about to expire.
    const order = await orderOf({ accountId, headers: { authorization: await bearer(['CUSTOMER'], accountId) } });
    const expiresAt = Math.floor(Date.now() / 1000) + 4;
    const authorization = await bearer(['CUSTOMER'], accountId, expiresAt);
    const before = await openSubscriptions(supergraph);
    const live = subscribe(client(authorization), ORDER_CHANGED, { id: order.id });
    await untilOpen(supergraph, before + 1);
    await changer.change(order, 'CONFIRMED');
    await live.waitFor(1);
    await new Promise((resolve) => setTimeout(resolve, expiresAt * 1000 - Date.now() + 200));
    await changer.change(order, 'PREPARING');
    await live.ended();
    expect(live.results.map((result) => result.data?.orderStatusChanged?.status ?? result.errors?.[0].extensions?.code)).toEqual([
      'CONFIRMED',
      'UNAUTHENTICATED',
    ]);
  });
});
