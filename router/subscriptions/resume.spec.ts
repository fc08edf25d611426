import { describe, expect, it } from 'vitest';
import type { Identity } from '../../runtime/auth/identity';
import { orderLogCursor } from '../../runtime/graphql/order-log-cursor';
import type { GatewayQuery, HydratedOrder } from './gateway-queries';
import type { OrderEvent } from './order-event';
import { OrderEventFanout } from './order-event-fanout';
import { byPosition, OrderEventSequencer } from './order-event-sequencer';
import { readReplay, REPLAY_LIMIT, resumeGateFor } from './order-replay';
import type { OrderFeed, OrderSubscription, ResumePoint } from './order-subscription';
import { ResumeGate } from './resume-gate';
import type { Subscriber } from './subscriber';
import { SubscriptionStream } from './subscription-stream';

const STATUSES = ['PENDING', 'CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'];

/** The change of `orderId` with this sequence, at `position` in the log of every order. */
const change = (orderId: string, sequence: number, position?: number): OrderEvent => ({
  eventId: `${orderId}-${sequence}`,
  orderId,
  accountId: 'ana',
  status: STATUSES[sequence - 1] ?? 'DELIVERED',
  previousStatus: sequence > 1 ? (STATUSES[sequence - 2] ?? 'DELIVERED') : null,
  sequence,
  ...(position === undefined ? {} : { position }),
  occurredAt: '2026-05-01T10:00:00.000Z',
  placed: sequence === 1,
});
const bySequence = (event: OrderEvent) => (event.sequence > 0 ? event.sequence : undefined);
const settle = () => new Promise((resolve) => setImmediate(resolve));
const ana: Identity = { accountId: 'ana', roles: ['CUSTOMER'] };
const sam: Identity = { accountId: 'sam', roles: ['STAFF'] };

describe('ResumeGate', () => {
  it('holds live events until the replay is done, then gives those past its end, and drops late copies of replayed ones', () => {
    const gate = new ResumeGate(bySequence, 2);
    expect(gate.take(change('o', 2))).toBe('replayed'); // the client had it
    expect(gate.take(change('o', 3))).toBe('held');
    expect(gate.take(change('o', 4))).toBe('held');
    expect(gate.take(change('o', 5))).toBe('held');
    // The replay read 3 and 4 (committed before it read): only 5 is left to send after it.
    expect(gate.open(4).map((event) => event.sequence)).toEqual([5]);
    expect(gate.take(change('o', 4))).toBe('replayed'); // still on its way through the broker when the gate opened
    expect(gate.take(change('o', 6))).toBe('deliver');
  });

  it('lets through an event it cannot place (an older publisher said no sequence): it may not have been replayed', () => {
    const gate = new ResumeGate(bySequence, 3);
    expect(gate.take(change('o', 0))).toBe('held');
    expect(gate.open(3)).toHaveLength(1);
    expect(gate.take(change('o', 0))).toBe('deliver');
  });

  it('compares positions for the staff feeds, starting from the cursor resumed after', () => {
    const subscription = { feed: { kind: 'all' } } as OrderSubscription;
    const gate = resumeGateFor(subscription, { after: orderLogCursor({ position: 10 }) });
    expect(gate.take(change('a', 2, 10))).toBe('replayed');
    expect(gate.take(change('b', 1, 11))).toBe('held');
    expect(gate.take(change('c', 3))).toBe('held'); // no position: kept
    expect(gate.open(11).map((event) => event.eventId)).toEqual(['c-3']);
  });
});

describe('OrderEventFanout.resume: the seam between replay and live', () => {
  /** A subscriber as the subscription server makes one (with a gate when it resumes), recording what it is sent. */
  const subscriberOf = (fanout: OrderEventFanout, identity: Identity, feed: OrderFeed, resume: ResumePoint | null, hydrate?: Subscriber['hydrate']) => {
    const sent: string[] = [];
    const subscriber: Subscriber = {
      feed,
      identity,
      field: feed.kind === 'all' ? 'orderChanges' : 'orderStatusChanges',
      responseKey: 'changes',
      hydrationKey: `${identity.accountId}|${Math.random()}`,
      hydrate: hydrate ?? (async (orderId) => ({ data: { order: { id: orderId } } })),
      payload: (event) => `${event.orderId}-${event.sequence}`,
      send: (payload) => (sent.push(payload), true),
      stream: new SubscriptionStream(() => fanout.remove(subscriber)),
    };
    if (resume) subscriber.gate = resumeGateFor({ feed, resume } as OrderSubscription, resume);
    return { subscriber, sent };
  };

  it('sends the replay, then the live events held meanwhile that it did not have, then live ones, in order, each once', async () => {
    const fanout = new OrderEventFanout();
    // Replayed hydrations finish last: the live ones behind them still wait their turn.
    const release: Array<() => void> = [];
    const hydrate = (orderId: string) => new Promise<HydratedOrder>((resolve) => release.push(() => resolve({ data: { order: { id: orderId } } })));
    const { subscriber, sent } = subscriberOf(fanout, ana, { kind: 'order', orderId: 'o' }, { afterSequence: 2 }, hydrate);
    fanout.add(subscriber); // live first...
    fanout.publish(change('o', 3)); // committed before the log is read: in the replay too
    fanout.publish(change('o', 4)); // committed after the read: live only
    // ...then the log, read as it was between 3 and 4.
    fanout.resume(subscriber, { events: [change('o', 3)], last: 3 });
    fanout.publish(change('o', 3)); // a copy of 3 that was still on its way
    fanout.publish(change('o', 5));
    await settle();
    expect(sent).toEqual([]);
    for (const done of release.reverse()) done();
    await settle();
    await settle();
    expect(sent).toEqual(['o-3', 'o-4', 'o-5']);
  });

  it('gives every change after the resume point exactly once, in order, wherever the log read falls among the live events', async () => {
    // A model of the race: the order has changes 2..9; the client saw up to `after`; the subscriber joins the
    // fan-out when `joined` changes were committed; the log is read when `read` were. The router receives each
    // change once (the consumer drops a second copy by event id) and in sequence (the sequencer), some time after
    // it was committed: those committed before joining may still be on their way (from `firstLive`), and any may
    // arrive before or after the gate opens.
    const LAST = 9;
    for (let trial = 0; trial < 500; trial += 1) {
      const random = seeded(trial);
      const after = 1 + Math.floor(random() * 4);
      const joined = after + Math.floor(random() * 3);
      const read = Math.min(LAST, joined + Math.floor(random() * 4));
      const firstLive = Math.max(2, joined + 1 - Math.floor(random() * 4));
      const fanout = new OrderEventFanout();
      const { subscriber, sent } = subscriberOf(fanout, ana, { kind: 'order', orderId: 'o' }, { afterSequence: after });
      const live: number[] = [];
      for (let sequence = firstLive; sequence <= LAST; sequence += 1) live.push(sequence);
      const beforeOpen = Math.floor(random() * (live.length + 1));
      fanout.add(subscriber);
      for (const sequence of live.slice(0, beforeOpen)) fanout.publish(change('o', sequence));
      const replayed = [];
      for (let sequence = Math.max(after + 1, 2); sequence <= read; sequence += 1) replayed.push(change('o', sequence));
      fanout.resume(subscriber, { events: replayed, last: Math.max(after, read) });
      for (const sequence of live.slice(beforeOpen)) fanout.publish(change('o', sequence));
      await settle();
      await settle();
      const expected = [];
      for (let sequence = after + 1; sequence <= LAST; sequence += 1) expected.push(`o-${sequence}`);
      expect(sent, `after ${after}, joined ${joined}, read ${read}, live from ${firstLive}, ${beforeOpen} before the gate opened`).toEqual(expected);
    }
  });

  it('starts nothing for a subscriber that ended while its replay was read (it left, or its token expired)', async () => {
    const fanout = new OrderEventFanout();
    const { subscriber, sent } = subscriberOf(fanout, ana, { kind: 'order', orderId: 'o' }, { afterSequence: 1 });
    fanout.add(subscriber);
    await subscriber.stream.return();
    fanout.resume(subscriber, { events: [change('o', 2)], last: 2 });
    fanout.publish(change('o', 3));
    await settle();
    expect(sent).toEqual([]);
    expect(fanout.size).toBe(0);
  });

  it('joins the hydrations of identical subscribers once its replay is out, its events still in order', async () => {
    const fanout = new OrderEventFanout();
    const hydrated: string[] = [];
    const release: Array<() => void> = [];
    const hydrate = (orderId: string) =>
      new Promise<HydratedOrder>((resolve) => {
        hydrated.push(orderId);
        release.push(() => resolve({ data: { order: { id: orderId } } }));
      });
    const releaseAll = async () => {
      while (release.length > 0) release.shift()!();
      await settle();
      await settle();
    };
    const tab = subscriberOf(fanout, sam, { kind: 'all' }, null, hydrate);
    tab.subscriber.hydrationKey = 'sam|same';
    fanout.add(tab.subscriber);
    const resumed = subscriberOf(fanout, sam, { kind: 'all' }, { after: orderLogCursor({ position: 1 }) }, hydrate);
    resumed.subscriber.sharedHydrationKey = 'sam|same';
    fanout.add(resumed.subscriber);
    fanout.resume(resumed.subscriber, { events: [change('a', 2, 2)], last: 2 });
    fanout.publish(change('b', 1, 3)); // while its replay is still hydrating: queued in its own group
    await releaseAll();
    expect(resumed.sent).toEqual(['a-2', 'b-1']);
    // Its own group is idle: it is one of the shared group now, one hydration for both.
    hydrated.length = 0;
    fanout.publish(change('c', 1, 4));
    await releaseAll();
    expect(hydrated).toEqual(['c']);
    expect(resumed.sent).toEqual(['a-2', 'b-1', 'c-1']);
    expect(tab.sent).toEqual(['b-1', 'c-1']);
  });

  it("resumes a staff feed by position across orders, and sends a customer's feed nothing of another order", async () => {
    const fanout = new OrderEventFanout();
    const staff = subscriberOf(fanout, sam, { kind: 'all' }, { after: orderLogCursor({ position: 20 }) });
    fanout.add(staff.subscriber);
    fanout.publish(change('b', 2, 22)); // in the replay as well
    fanout.publish(change('c', 1, 23));
    fanout.resume(staff.subscriber, { events: [change('a', 3, 21), change('b', 2, 22)], last: 22 });
    fanout.publish(change('a', 4, 24));
    await settle();
    await settle();
    expect(staff.sent).toEqual(['a-3', 'b-2', 'c-1', 'a-4']);
  });
});

describe('OrderEventSequencer with positions', () => {
  it('releases events that carry a position in commit order across orders, and the others per order', () => {
    const released: string[] = [];
    const sequencer = new OrderEventSequencer((event) => released.push(event.eventId), 60_000, undefined, byPosition);
    sequencer.accept(change('a', 1, 100));
    sequencer.accept(change('b', 1, 102)); // ahead of 101: waits, though it is another order's
    sequencer.accept(change('x', 2)); // no position: its own order's run
    expect(released).toEqual(['a-1', 'x-2']);
    sequencer.accept(change('a', 2, 101));
    expect(released).toEqual(['a-1', 'x-2', 'a-2', 'b-1']);
    expect(sequencer.waiting).toBe(0);
  });
});

describe('readReplay', () => {
  const principal = { identity: sam, clientAddress: '127.0.0.1' };
  const staffFeed = { feed: { kind: 'all' }, resume: { after: orderLogCursor({ position: 5 }) } } as OrderSubscription;
  const logged = (orderId: string, sequence: number, position: number) => ({
    orderId,
    status: STATUSES[sequence - 1],
    previousStatus: sequence > 1 ? STATUSES[sequence - 2] : null,
    sequence,
    changedAt: '2026-05-01T10:00:00.000Z',
    cursor: orderLogCursor({ position }),
    order: { user: { id: 'ana' } },
  });

  it("reads the staff log after the cursor, as the subscriber, and ends where the orders service's page ends", async () => {
    const asked: unknown[] = [];
    const query: GatewayQuery = async (_principal, _query, variables) => {
      asked.push(variables);
      return { data: { orderChangesAfter: { changes: [logged('a', 2, 6), logged('b', 1, 7)], endCursor: orderLogCursor({ position: 7 }), hasMore: false } } };
    };
    const replay = await readReplay(query, principal, staffFeed);
    expect(asked).toEqual([{ after: orderLogCursor({ position: 5 }), first: REPLAY_LIMIT }]);
    expect(replay).toMatchObject({
      last: 7,
      events: [
        { orderId: 'a', sequence: 2, position: 6, accountId: 'ana' },
        { orderId: 'b', sequence: 1, position: 7, placed: true },
      ],
    });
  });

  it('refuses past the window with RESUME_WINDOW_EXCEEDED, and passes on the orders service refusals the client can act on', async () => {
    const tooFar: GatewayQuery = async () => ({ data: { orderChangesAfter: { changes: [], endCursor: orderLogCursor({ position: 9 }), hasMore: true } } });
    const refusal = (await readReplay(tooFar, principal, staffFeed)) as unknown as Array<{ extensions: Record<string, unknown> }>;
    expect(refusal.map((error) => error.extensions)).toEqual([
      expect.objectContaining({ code: 'RESUME_WINDOW_EXCEEDED', limit: REPLAY_LIMIT, field: 'after' }),
    ]);

    const refused =
      (code: string): GatewayQuery =>
      async () => ({ data: null, errors: [{ message: code, extensions: { code } }] });
    const oneOrder = { feed: { kind: 'order', orderId: 'o' }, resume: { afterSequence: 9 } } as OrderSubscription;
    const codes = async (query: GatewayQuery) =>
      ((await readReplay(query, principal, oneOrder)) as unknown as Array<{ extensions: { code: string } }>).map((e) => e.extensions.code);
    expect(await codes(refused('BAD_USER_INPUT'))).toEqual(['BAD_USER_INPUT']);
    expect(await codes(refused('FORBIDDEN'))).toEqual(['FORBIDDEN']);
    // Anything else is the router's business, not the client's.
    expect(await codes(refused('SOMETHING_INTERNAL'))).toEqual(['INTERNAL_SERVER_ERROR']);
  });
});

/** A small deterministic generator, so a failing trial can be run again. */
function seeded(seed: number): () => number {
  let state = seed * 2654435761 + 1;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}
