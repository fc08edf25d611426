import { describe, expect, it } from 'vitest';
import type { Identity } from '../../runtime/auth/identity';
import { RevocationList } from '../../runtime/auth/revocations/revocation-list';
import type { HydratedOrder } from './gateway-queries';
import type { OrderEvent } from './order-event';
import { OrderEventFanout } from './order-event-fanout';
import type { OrderFeed, OrderSubscriptionField } from './order-subscription';
import { principalKey, type Subscriber } from './subscriber';
import { SubscriptionStream } from './subscription-stream';

const event = (orderId: string, accountId: string, placed = false): OrderEvent => ({
  eventId: `e-${orderId}`,
  orderId,
  accountId,
  status: placed ? 'PENDING' : 'CONFIRMED',
  previousStatus: placed ? null : 'PENDING',
  sequence: placed ? 1 : 2,
  occurredAt: '2026-05-01T10:00:00.000Z',
  placed,
});
const ana: Identity = { accountId: 'ana', roles: ['CUSTOMER'] };
const sam: Identity = { accountId: 'sam', roles: ['STAFF'] };
const settle = () => new Promise((resolve) => setImmediate(resolve));

const unreadable: HydratedOrder = { data: null, errors: [{ message: 'Subgraph "orders" is unavailable', extensions: { code: 'SUBGRAPH_UNAVAILABLE' } }] };

describe('OrderEventFanout', () => {
  const delivered: Array<Partial<Record<OrderSubscriptionField, number>>> = [];
  const revocations = new RevocationList();
  const fanout = new OrderEventFanout((counts) => delivered.push(counts), undefined, revocations);
  let hydrations: string[] = [];
  /** A subscriber as the subscription server makes one, recording what it is sent (payloads, parsed). */
  const subscribe = (
    identity: Identity,
    feed: OrderFeed,
    options: { query?: string; responseKey?: string; hydrate?: (orderId: string) => Promise<HydratedOrder> } = {},
  ) => {
    const sent: unknown[] = [];
    const field: OrderSubscriptionField = feed.kind === 'all' ? 'orderUpdates' : 'orderStatusChanged';
    const subscriber: Subscriber = {
      feed,
      identity,
      field,
      responseKey: options.responseKey ?? field,
      hydrationKey: `${options.query ?? 'q'}|${principalKey(identity)}`,
      hydrate:
        options.hydrate ??
        (async (orderId) => {
          hydrations.push(`${principalKey(identity)}:${orderId}`);
          return { data: { order: { id: orderId } } };
        }),
      // As the deprecated fields' results are made (event-payload.spec.ts tests the real thing): the order, or null with the errors.
      payload: (_event, hydrated) =>
        JSON.stringify({
          data: hydrated.data?.order ? { [subscriber.responseKey]: hydrated.data.order } : null,
          ...(hydrated.errors ? { errors: hydrated.errors } : {}),
        }),
      send: (payload) => (sent.push(JSON.parse(payload)), true),
      stream: new SubscriptionStream(() => fanout.remove(subscriber)),
    };
    fanout.add(subscriber);
    return { sent, stream: subscriber.stream };
  };

  it("sends an order's events to its subscribers and to staff, one hydration per principal and query", async () => {
    hydrations = [];
    const anaTabs = [subscribe(ana, { kind: 'order', orderId: 'o-1' }), subscribe(ana, { kind: 'order', orderId: 'o-1' })];
    const staffTabs = [subscribe(sam, { kind: 'all' }), subscribe(sam, { kind: 'all' }), subscribe(sam, { kind: 'all' }, { query: 'other' })];
    expect(fanout.publish(event('o-1', 'ana'))).toBe(3);
    expect(hydrations.sort()).toEqual(['ana|CUSTOMER:o-1', 'sam|STAFF:o-1', 'sam|STAFF:o-1']);
    await settle();
    for (const tab of anaTabs) expect(tab.sent).toEqual([{ data: { orderStatusChanged: { id: 'o-1' } } }]);
    for (const tab of staffTabs) expect(tab.sent).toEqual([{ data: { orderUpdates: { id: 'o-1' } } }]);
    for (const tab of [...anaTabs, ...staffTabs]) await tab.stream.return();
    expect(fanout.size).toBe(0);
  });

  it('shares one hydration between subscribers of the same selection, each getting it under its own alias or field', async () => {
    hydrations = [];
    const feed = subscribe(sam, { kind: 'all' }, { query: 'same' });
    const aliased = subscribe(sam, { kind: 'all' }, { query: 'same', responseKey: 'mine' });
    const oneOrder = subscribe(sam, { kind: 'order', orderId: 'o-5' }, { query: 'same' });
    expect(fanout.publish(event('o-5', 'ana'))).toBe(1);
    await settle();
    expect(hydrations).toEqual(['sam|STAFF:o-5']);
    expect(feed.sent).toEqual([{ data: { orderUpdates: { id: 'o-5' } } }]);
    expect(aliased.sent).toEqual([{ data: { mine: { id: 'o-5' } } }]);
    expect(oneOrder.sent).toEqual([{ data: { orderStatusChanged: { id: 'o-5' } } }]);
    expect(delivered.at(-1)).toEqual({ orderUpdates: 2, orderStatusChanged: 1 });
    await Promise.all([feed.stream.return(), aliased.stream.return(), oneOrder.stream.return()]);
  });

  it("never sends a customer someone else's order, and ends an expired subscriber with UNAUTHENTICATED", async () => {
    hydrations = [];
    const eve = subscribe({ accountId: 'eve', roles: ['CUSTOMER'] }, { kind: 'order', orderId: 'o-2' });
    const expired = subscribe({ accountId: 'old', roles: ['STAFF'], expiresAt: new Date(Date.now() - 1_000) }, { kind: 'all' });
    fanout.publish(event('o-2', 'ana')); // the order was Eve's to subscribe to, but the event says it is Ana's
    await settle();
    expect(hydrations).toEqual([]);
    expect(eve.sent).toEqual([]);
    expect((await expired.stream.next()).value?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await expired.stream.next()).done).toBe(true);
    expect(fanout.size).toBe(1);
    await eve.stream.return();
  });

  it('ends a subscriber whose session was signed out with UNAUTHENTICATED, and stops the staff feed of an account that lost STAFF', async () => {
    hydrations = [];
    const signedOut = subscribe({ accountId: 'leo', roles: ['CUSTOMER'], sessionId: 'leo-1' }, { kind: 'order', orderId: 'o-7' });
    const demoted = subscribe({ accountId: 'max', roles: ['CUSTOMER', 'STAFF'] }, { kind: 'all' });
    revocations.add({ kind: 'session', sessionId: 'leo-1', until: Date.now() + 60_000 });
    revocations.add({ kind: 'roles', accountId: 'max', roles: ['CUSTOMER'], version: 1, until: Date.now() + 60_000 });
    fanout.publish(event('o-7', 'leo'));
    await settle();
    expect(hydrations).toEqual([]);
    expect((await signedOut.stream.next()).value?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(demoted.sent).toEqual([]);
    await demoted.stream.return();
  });

  it("reports a newly placed order on the staff feed only: it is not a change of the order's status", async () => {
    hydrations = [];
    const owner = subscribe(ana, { kind: 'order', orderId: 'o-3' });
    const staff = subscribe(sam, { kind: 'all' });
    expect(fanout.publish(event('o-3', 'ana', true))).toBe(1);
    await settle();
    expect(hydrations).toEqual(['sam|STAFF:o-3']);
    expect(owner.sent).toEqual([]);
    expect(staff.sent).toEqual([{ data: { orderUpdates: { id: 'o-3' } } }]);
    await Promise.all([owner.stream.return(), staff.stream.return()]);
  });

  it('keeps event order per subscriber when a later hydration finishes first, and ends an expired one after its earlier events', async () => {
    const release = new Map<string, (order: HydratedOrder) => void>();
    const hydrate = (orderId: string) => new Promise<HydratedOrder>((resolve) => release.set(orderId, resolve));
    const expiresAt = new Date(Date.now() + 60_000);
    const staff = subscribe({ accountId: 'kim', roles: ['STAFF'], expiresAt }, { kind: 'all' }, { hydrate });
    fanout.publish(event('o-a', 'ana'));
    fanout.publish(event('o-b', 'ana'));
    fanout.publish(event('o-c', 'ana'));
    fanout.publish(event('o-d', 'ana'), expiresAt.getTime() + 1); // the token has expired by the fourth event
    release.get('o-c')!({ data: { order: { id: 'o-c' } } });
    release.get('o-b')!(unreadable); // sent all the same, with the reason
    await settle();
    expect(staff.sent).toEqual([]);
    const ending = staff.stream.next();
    release.get('o-a')!({ data: { order: { id: 'o-a' } } });
    await settle();
    expect(staff.sent).toEqual([
      { data: { orderUpdates: { id: 'o-a' } } },
      { data: null, errors: unreadable.errors },
      { data: { orderUpdates: { id: 'o-c' } } },
    ]);
    expect(release.has('o-d')).toBe(false);
    expect((await ending).value?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await staff.stream.next()).done).toBe(true);
  });

  it('sends nothing of an order the gateway refuses to the subscriber as a whole (the event named the wrong customer)', async () => {
    const refused: HydratedOrder = {
      data: { order: null },
      errors: [{ message: 'You may see only your own orders', path: ['order'], extensions: { code: 'FORBIDDEN' } }],
    };
    const staff = subscribe(sam, { kind: 'all' }, { query: 'refused', hydrate: async () => refused });
    fanout.publish(event('o-8', 'ana'));
    await settle();
    expect(staff.sent).toEqual([]);
    await staff.stream.return();
  });

  it('sends nothing to a subscriber that left, also of events hydrating when it left', async () => {
    let release: (order: HydratedOrder) => void = () => {};
    const staff = subscribe(sam, { kind: 'all' }, { query: 'leaving', hydrate: () => new Promise((resolve) => (release = resolve)) });
    fanout.publish(event('o-6', 'ana'));
    await staff.stream.return();
    release({ data: { order: { id: 'o-6' } } });
    await settle();
    expect(staff.sent).toEqual([]);
    expect(fanout.publish(event('o-7', 'ana'))).toBe(0);
  });
});
