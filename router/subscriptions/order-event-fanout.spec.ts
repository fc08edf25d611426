import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { Identity } from '../../runtime/auth/identity';
import { OrderEventFanout } from './order-event-fanout';
import type { OrderFeed } from './order-subscription';
import { ResultQueue } from './result-queue';
import { principalKey, type Subscriber } from './subscriber';

const event = (orderId: string, accountId: string, placed = false) => ({ eventId: `e-${orderId}`, orderId, accountId, status: placed ? 'PENDING' : 'CONFIRMED', placed });

describe('OrderEventFanout', () => {
  const fanout = new OrderEventFanout();
  const hydrations: string[] = [];
  const subscribe = (identity: Identity, feed: OrderFeed, query = 'q') => {
    const subscriber: Subscriber = {
      feed,
      identity,
      hydrationKey: `${query}|${principalKey(identity)}`,
      hydrate: async (orderId) => {
        hydrations.push(`${principalKey(identity)}:${orderId}`);
        return { data: { order: { id: orderId } } };
      },
      queue: new ResultQueue(() => fanout.remove(subscriber)),
    };
    fanout.add(subscriber);
    return subscriber.queue;
  };
  const nextOf = async (queue: ResultQueue) => (await queue.next()).value as ExecutionResult | undefined;

  it("sends an order's events to its subscribers and to staff, one hydration per principal and query", async () => {
    const ana = { accountId: 'ana', roles: ['CUSTOMER' as const] };
    const staff = { accountId: 'sam', roles: ['STAFF' as const] };
    const anaTabs = [subscribe(ana, { kind: 'order', orderId: 'o-1' }), subscribe(ana, { kind: 'order', orderId: 'o-1' })];
    const staffTabs = [subscribe(staff, { kind: 'all' }), subscribe(staff, { kind: 'all' }), subscribe(staff, { kind: 'all' }, 'other')];
    expect(fanout.publish(event('o-1', 'ana'))).toBe(3);
    expect(hydrations.sort()).toEqual(['ana|CUSTOMER:o-1', 'sam|STAFF:o-1', 'sam|STAFF:o-1']);
    for (const queue of [...anaTabs, ...staffTabs]) expect(await nextOf(queue)).toEqual({ data: { order: { id: 'o-1' } } });
    for (const queue of [...anaTabs, ...staffTabs]) await queue.return();
    expect(fanout.size).toBe(0);
  });

  it("never queues someone else's order for a customer, and ends an expired subscriber with UNAUTHENTICATED", async () => {
    const eve = subscribe({ accountId: 'eve', roles: ['CUSTOMER'] }, { kind: 'order', orderId: 'o-2' });
    const expired = subscribe({ accountId: 'old', roles: ['STAFF'], expiresAt: new Date(Date.now() - 1_000) }, { kind: 'all' });
    hydrations.length = 0;
    fanout.publish(event('o-2', 'ana')); // the order was Eve's to subscribe to, but the event says it is Ana's
    expect(hydrations).toEqual([]);
    expect((await nextOf(expired))?.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await expired.next()).done).toBe(true);
    expect(fanout.size).toBe(1);
    await eve.return();
  });

  it("reports a newly placed order on the staff feed only: it is not a change of the order's status", async () => {
    const ana = subscribe({ accountId: 'ana', roles: ['CUSTOMER'] }, { kind: 'order', orderId: 'o-3' });
    const staff = subscribe({ accountId: 'sam', roles: ['STAFF'] }, { kind: 'all' });
    hydrations.length = 0;
    expect(fanout.publish(event('o-3', 'ana', true))).toBe(1);
    expect(hydrations).toEqual(['sam|STAFF:o-3']);
    expect(await nextOf(staff)).toEqual({ data: { order: { id: 'o-3' } } });
    await Promise.all([ana.return(), staff.return()]);
  });

  it('keeps event order per subscriber even when a later hydration finishes first', async () => {
    const queue = new ResultQueue(() => {});
    let release: (value: ExecutionResult) => void = () => {};
    queue.push(new Promise((resolve) => (release = resolve)));
    queue.push(Promise.resolve(null)); // nothing to send for this one
    queue.push(Promise.resolve({ data: { n: 2 } }));
    const first = queue.next();
    release({ data: { n: 1 } });
    expect((await first).value).toEqual({ data: { n: 1 } });
    expect((await queue.next()).value).toEqual({ data: { n: 2 } });
  });
});
