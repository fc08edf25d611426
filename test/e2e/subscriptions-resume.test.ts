import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderLogCursor, readOrderLogCursor } from '../../runtime/graphql/order-log-cursor';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import type { OrdersProviders } from '../../subgraphs/orders/context';
import { expectData } from '../support/graphql';
import { OrderStatusChanger, createTestProduct, placeTestOrder, type TestOrder } from '../support/orders';
import { openSubscriptions, refusalCodes, subscribe, subscriptionClient, untilSubscriptionsOpen, type Received } from '../support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { authAs } from '../support/tokens';

const STEPS = ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'];
/** The sequences of an order's changes (1 is its placing, which the one-order feed does not report). */
const CHANGE_SEQUENCES = [2, 3, 4, 5];

const CHANGES = `subscription($id: ID!, $after: Int) { orderStatusChanges(orderId: $id, afterSequence: $after) { orderId status previousStatus sequence cursor order { id } } }`;
const STAFF_CHANGES = `subscription($after: String) { orderChanges(after: $after) { orderId status previousStatus sequence cursor order { id } } }`;
const OLD_CHANGED = `subscription($id: ID!, $after: Int) { orderStatusChanged(orderId: $id, afterSequence: $after) { id status } }`;
const OLD_UPDATES = `subscription($after: String) { orderUpdates(after: $after) { id status } }`;
/** The replay window of a resume (router/subscriptions/order-replay.ts). */
const REPLAY_LIMIT = 500;
const LOG_START = orderLogCursor({ position: 0 });

interface Change {
  orderId: string;
  status: string;
  previousStatus: string | null;
  sequence: number;
  cursor: string;
  order: { id: string } | null;
}

const bearer = async (roles: Array<'CUSTOMER' | 'STAFF'>, accountId?: string) => (await authAs(roles, accountId)).authorization;
const changesIn = (received: Received, field: 'orderStatusChanges' | 'orderChanges'): Change[] => received.results.map((result) => result.data[field]);
const positionOf = (change: Change) => {
  const point = readOrderLogCursor(change.cursor);
  return 'position' in point ? point.position : undefined;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// A client that was offline for a while (a phone in a tunnel) resumes from the last change it saw: issue 15.
describe('live order updates: resuming after a cut', () => {
  let supergraph: RunningSupergraph;
  let changer: OrderStatusChanger;
  let productId: string;
  const clients: Client[] = [];
  const client = (authorization: string) => {
    const opened = subscriptionClient(supergraph.routerUrl, authorization);
    clients.push(opened);
    return opened;
  };
  const customer = async () => {
    const accountId = randomUUID();
    return { accountId, headers: { authorization: await bearer(['CUSTOMER'], accountId) } };
  };
  const orderOf = async (owner: { accountId: string; headers: Record<string, string> }): Promise<TestOrder> =>
    placeTestOrder(supergraph.routerUrl, owner, [productId]);
  const untilOpen = async (count: number) => untilSubscriptionsOpen(supergraph.router.metricsUrl, count);
  /** Moves the order through the steps back to back, as fast as the API answers. */
  const burst = async (order: TestOrder, steps: string[] = STEPS) => {
    for (const status of steps) await changer.change(order, status);
  };

  beforeAll(async () => {
    supergraph = await startSupergraph();
    changer = new OrderStatusChanger(supergraph.routerUrl);
    productId = await createTestProduct(supergraph.routerUrl, 'Tunnel Tulips');
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map(async (opened) => opened.dispose()));
    await changer?.close();
    await supergraph?.stop();
  });

  it('replays exactly what a customer missed while cut off, in order, then goes on live', async () => {
    const ana = await customer();
    const order = await orderOf(ana);
    const first = client(ana.headers.authorization);
    const before = await openSubscriptions(supergraph.router.metricsUrl);
    const live = subscribe(first, CHANGES, { id: order.id });
    await untilOpen(before + 1);
    await changer.change(order, 'CONFIRMED');
    await live.waitFor(1);
    const [confirmed] = changesIn(live, 'orderStatusChanges');
    await first.dispose(); // into the tunnel

    await burst(order, ['PREPARING', 'OUT_FOR_DELIVERY']); // missed
    const resumed = subscribe(client(ana.headers.authorization), CHANGES, { id: order.id, after: confirmed.sequence });
    await resumed.waitFor(2);
    const replayed = changesIn(resumed, 'orderStatusChanges');
    expect(replayed.map(({ orderId, status, previousStatus, sequence }) => ({ orderId, status, previousStatus, sequence }))).toEqual([
      { orderId: order.id, status: 'PREPARING', previousStatus: 'CONFIRMED', sequence: 3 },
      { orderId: order.id, status: 'OUT_FOR_DELIVERY', previousStatus: 'PREPARING', sequence: 4 },
    ]);
    // Replayed changes are whole: the order hydrated as for a live one, and a cursor of the log of every order.
    for (const change of replayed) expect(change.order).toEqual({ id: order.id });
    expect(replayed.map(positionOf).every((position, index, all) => position! > (index === 0 ? positionOf(confirmed)! : all[index - 1]!))).toBe(true);

    // Two more tabs (one socket) resume from the same point at once, as the last change happens.
    const tabs = client(ana.headers.authorization);
    const others = [
      subscribe(tabs, CHANGES, { id: order.id, after: confirmed.sequence }),
      subscribe(tabs, CHANGES, { id: order.id, after: confirmed.sequence }),
    ];
    await changer.change(order, 'DELIVERED'); // live again
    for (const received of [resumed, ...others]) {
      await received.waitFor(3);
      await sleep(300);
      const all = changesIn(received, 'orderStatusChanges');
      expect(received.results).toHaveLength(3);
      expect(all.map((change) => change.sequence)).toEqual([3, 4, 5]);
      expect(all[2]).toMatchObject({ status: 'DELIVERED', previousStatus: 'OUT_FOR_DELIVERY' });
      expect(received.results.every((result) => result.errors === undefined)).toBe(true);
    }
  });

  it('gives customers cut off during a burst, each at another moment, every change once: what they saw, then the rest', { timeout: 120_000 }, async () => {
    const ROUNDS = 8;
    const rounds = await Promise.all(
      Array.from({ length: ROUNDS }, async (_, round) => {
        const owner = await customer();
        return { round, owner, order: await orderOf(owner) };
      }),
    );
    const before = await openSubscriptions(supergraph.router.metricsUrl);
    const watched = rounds.map(({ owner, order }) => {
      const socket = client(owner.headers.authorization);
      return { socket, live: subscribe(socket, CHANGES, { id: order.id }) };
    });
    await untilOpen(before + ROUNDS);

    const outcomes = await Promise.all(
      rounds.map(async ({ round, owner, order }) => {
        const moving = burst(order);
        // Cut after 0, 1, 2 or 3 changes arrived (or as the burst goes on), and resume at once: the replay's
        // read lands at another point of the burst each time, before, between or after the changes still coming.
        const cutAfter = round % 4;
        const { socket, live } = watched[round];
        await live.waitFor(cutAfter, 30_000);
        if (round >= 4) await sleep(round * 7);
        await socket.dispose();
        const seen = changesIn(live, 'orderStatusChanges');
        const after = seen.at(-1)?.sequence ?? 1;
        const resumed = subscribe(client(owner.headers.authorization), CHANGES, { id: order.id, after });
        await moving;
        // (A socket cut late may have seen the whole burst: then nothing is left to come.)
        if (after < 5) {
          await resumed.waitUntil((results) => resumed.error !== undefined || results.some((result) => result.data?.orderStatusChanges.sequence === 5), 30_000);
        }
        await sleep(200); // nothing more comes (no duplicate arriving late)
        return { order, seen, resumed };
      }),
    );

    for (const { order, seen, resumed } of outcomes) {
      expect(resumed.error).toBeUndefined();
      expect(resumed.results.every((result) => result.errors === undefined)).toBe(true);
      const got = changesIn(resumed, 'orderStatusChanges');
      // No gap and no duplicate at the seam: what the first socket saw, then the resumed one, is every change once.
      expect([...seen, ...got].map((change) => change.sequence)).toEqual(CHANGE_SEQUENCES);
      expect([...seen, ...got].map((change) => change.status)).toEqual(STEPS);
      for (const change of got) expect(change.orderId).toBe(order.id);
    }
  });

  it('resumes the staff feed from a cursor: every change of every order after it once, in commit order, then live', { timeout: 120_000 }, async () => {
    const staff = await bearer(['STAFF']);
    const ORDERS = 4;
    const before = await openSubscriptions(supergraph.router.metricsUrl);
    const firstSocket = client(staff);
    const feed = subscribe(firstSocket, STAFF_CHANGES);
    await untilOpen(before + 1);
    const orders = await Promise.all(Array.from({ length: ORDERS }, async () => orderOf(await customer())));
    const ours = new Set(orders.map((order) => order.id));
    const oursIn = (changes: Change[]) => changes.filter((change) => ours.has(change.orderId));
    // Our placings arrived (the feed reports them with sequence 1), then the burst starts and the socket is cut mid-way.
    await feed.waitUntil((results) => oursIn(results.map((result) => result.data.orderChanges)).length >= ORDERS, 30_000);
    const moving = Promise.all(orders.map((order) => burst(order)));
    await feed.waitUntil((results) => oursIn(results.map((result) => result.data.orderChanges)).length >= ORDERS + 3, 30_000);
    await firstSocket.dispose();
    const seen = changesIn(feed, 'orderChanges');
    const cursor = seen.at(-1)!.cursor;

    // Three tabs of the same staff member resume from the same cursor at once, while the burst goes on.
    const resumed = [0, 1, 2].map(() => subscribe(client(staff), STAFF_CHANGES, { after: cursor }));
    await moving;
    const delivered = (received: Received) => oursIn(changesIn(received, 'orderChanges')).filter((change) => change.status === 'DELIVERED').length;
    for (const received of resumed) await received.waitUntil(() => delivered(received) >= ORDERS, 30_000);
    await sleep(300);

    const key = (change: Change) => `${change.orderId}:${change.sequence}`;
    const seenKeys = new Set(seen.map(key));
    const lastSeenPosition = positionOf(seen.at(-1)!)!;
    for (const received of resumed) {
      expect(received.error).toBeUndefined();
      const got = changesIn(received, 'orderChanges');
      // Nothing the first socket saw comes again, and nothing comes twice.
      expect(got.filter((change) => seenKeys.has(key(change)))).toEqual([]);
      expect(new Set(got.map(key)).size).toBe(got.length);
      // In commit order, from right after the cursor (other tests' changes may be among them).
      const positions = got.map(positionOf).filter((position): position is number => position !== undefined);
      expect(positions[0]).toBeGreaterThan(lastSeenPosition);
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
      // Each of our orders: what was seen, then what was resumed, is its placing and its four changes, once each.
      for (const order of orders) {
        const ofOrder = [...seen, ...got].filter((change) => change.orderId === order.id);
        expect(ofOrder.map((change) => change.sequence)).toEqual([1, ...CHANGE_SEQUENCES]);
        expect(ofOrder.map((change) => change.status)).toEqual(['PENDING', ...STEPS]);
      }
    }
    // The three tabs got the same changes of our orders, in the same order.
    const ourKeys = (received: Received) => oursIn(changesIn(received, 'orderChanges')).map(key);
    expect(ourKeys(resumed[1])).toEqual(ourKeys(resumed[0]));
    expect(ourKeys(resumed[2])).toEqual(ourKeys(resumed[0]));

    // And live afterwards: a new order reaches the resumed feeds.
    const another = await orderOf(await customer());
    for (const received of resumed) {
      await received.waitUntil((results) => results.some((result) => result.data.orderChanges.orderId === another.id), 20_000);
    }
  });

  it('resumes the deprecated fields from what their results carry beside the order (sequence, cursor)', async () => {
    const ana = await customer();
    const order = await orderOf(ana);
    const staff = await bearer(['STAFF']);
    const socket = client(ana.headers.authorization);
    const staffSocket = client(staff);
    const before = await openSubscriptions(supergraph.router.metricsUrl);
    const changed = subscribe(socket, OLD_CHANGED, { id: order.id });
    const updates = subscribe(staffSocket, OLD_UPDATES);
    await untilOpen(before + 2);
    await changer.change(order, 'CONFIRMED');
    const [first] = await changed.waitFor(1);
    await updates.waitUntil((results) =>
      results.some((result) => result.data?.orderUpdates.id === order.id && result.data.orderUpdates.status === 'CONFIRMED'),
    );
    const lastUpdate = updates.results.at(-1)!;
    expect(first).toEqual({ data: { orderStatusChanged: { id: order.id, status: 'CONFIRMED' } }, extensions: { sequence: 2, cursor: expect.any(String) } });
    await Promise.all([socket.dispose(), staffSocket.dispose()]);

    await burst(order, ['PREPARING', 'OUT_FOR_DELIVERY']);
    const resumedChanged = subscribe(client(ana.headers.authorization), OLD_CHANGED, { id: order.id, after: first.extensions.sequence });
    const resumedUpdates = subscribe(client(staff), OLD_UPDATES, { after: lastUpdate.extensions.cursor });
    expect((await resumedChanged.waitFor(2)).map((result) => [result.data.orderStatusChanged.status, result.extensions.sequence])).toEqual([
      ['PREPARING', 3],
      ['OUT_FOR_DELIVERY', 4],
    ]);
    await resumedUpdates.waitUntil((results) =>
      results.some((result) => result.data?.orderUpdates.id === order.id && result.data.orderUpdates.status === 'OUT_FOR_DELIVERY'),
    );
    expect(resumedUpdates.results.filter((result) => result.data?.orderUpdates.id === order.id).map((result) => result.data.orderUpdates.status)).toEqual([
      'PREPARING',
      'OUT_FOR_DELIVERY',
    ]);
  });

  it('refuses a resume from the future, of an order not the caller’s, from a cursor no router made, or from too far back', { timeout: 120_000 }, async () => {
    const ana = await customer();
    const order = await orderOf(ana);
    const eve = await customer();
    const staff = await bearer(['STAFF']);
    const refused = async (authorization: string, query: string, variables: Record<string, unknown>) => {
      const received = subscribe(client(authorization), query, variables);
      await received.ended();
      expect(received.results).toEqual([]);
      return received;
    };
    const codes = async (authorization: string, query: string, variables: Record<string, unknown>) =>
      refusalCodes(await refused(authorization, query, variables));

    expect(await codes(ana.headers.authorization, CHANGES, { id: order.id, after: 99 })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(ana.headers.authorization, CHANGES, { id: order.id, after: -1 })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(ana.headers.authorization, OLD_CHANGED, { id: order.id, after: 7 })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(eve.headers.authorization, CHANGES, { id: order.id, after: 1 })).toEqual(['FORBIDDEN']);
    expect(await codes(eve.headers.authorization, CHANGES, { id: randomUUID(), after: 1 })).toEqual(['NOT_FOUND']);
    expect(await codes(staff, STAFF_CHANGES, { after: 'not-a-cursor' })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(staff, STAFF_CHANGES, { after: orderLogCursor({ position: 10 ** 12 }) })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(staff, OLD_UPDATES, { after: `${LOG_START.slice(0, -1)}x` })).toEqual(['BAD_USER_INPUT']);
    expect(await codes(ana.headers.authorization, STAFF_CHANGES, { after: LOG_START })).toEqual(['FORBIDDEN']);

    // From further back than the router replays: a typed error telling the client to refetch. The log of the
    // test database may be short (a fresh one): it is made long enough first, by orders written straight to it.
    const log = async () =>
      (
        await expectData(
          supergraph.routerUrl,
          'query($after: String!) { orderChangesAfter(after: $after, first: 500) { changes { orderId } hasMore } }',
          { after: LOG_START },
          { authorization: staff },
        )
      ).orderChangesAfter as { changes: unknown[]; hasMore: boolean };
    const { changes, hasMore } = await log();
    if (!hasMore) await writeOrders(REPLAY_LIMIT + 1 - changes.length);
    expect((await log()).hasMore).toBe(true);
    const tooFar = await refused(staff, STAFF_CHANGES, { after: LOG_START });
    expect(tooFar.error).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'RESUME_WINDOW_EXCEEDED', limit: REPLAY_LIMIT, field: 'after' }) }),
    ]);

    // None of the refused subscribes is left behind: the next change reaches a fresh subscriber only.
    const before = await openSubscriptions(supergraph.router.metricsUrl);
    const live = subscribe(client(ana.headers.authorization), CHANGES, { id: order.id });
    await untilOpen(before + 1);
    expect(await openSubscriptions(supergraph.router.metricsUrl)).toBe(before + 1);
    await changer.change(order, 'CONFIRMED');
    await live.waitFor(1);
    expect(changesIn(live, 'orderStatusChanges').map((change) => change.sequence)).toEqual([2]);
  });

  /** Placed orders written through the orders service's own writer (no checkout: only their log entries matter here). */
  async function writeOrders(count: number): Promise<void> {
    const { writer } = (supergraph.subgraphs.get('orders') as unknown as StartedSubgraph<OrdersProviders>).providers;
    for (let index = 0; index < count; index += 1) {
      await writer.place(randomUUID(), {
        userId: randomUUID(),
        currency: 'CLP',
        subtotalMinor: 1000,
        deliveryFeeMinor: 0,
        totalMinor: 1000,
        idempotencyKey: null,
        cartId: null,
        delivery: null,
        giftMessage: null,
        lines: [{ productId, productName: 'Tunnel Tulips', unitPriceMinor: 1000, quantity: 1 }],
      });
    }
  }
});
