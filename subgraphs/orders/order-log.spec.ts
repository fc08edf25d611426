import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderLogCursor, readOrderLogCursor } from '../../runtime/graphql/order-log-cursor';
import { captureEvents } from '../../test/support/events';
import { expectData, graphql } from '../../test/support/graphql';
import { testEnv } from '../../test/support/test-env';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { CHANGE_STATUS, codesOf, placeDirectly, startOrdersFixture, type OrdersFixture } from './orders.test-support';

const ONE_ORDER = `query($id: ID!, $after: Int!) { orderStatusChangesAfter(orderId: $id, afterSequence: $after) { orderId status previousStatus sequence cursor order { id status } } }`;
const EVERY_ORDER = `query($after: String!, $first: Int!) { orderChangesAfter(after: $after, first: $first) { changes { orderId status sequence cursor } endCursor hasMore } }`;
const STEPS = ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'];

const positionOf = (cursor: string) => {
  const point = readOrderLogCursor(cursor);
  if (!('position' in point)) throw new Error(`not a position: ${cursor}`);
  return point.position;
};

describe('the order log read back: positions and the logs resumed subscriptions replay (real PostgreSQL)', () => {
  let shop: OrdersFixture;
  let staff: Record<string, string>;
  let db: pg.Client;
  beforeAll(async () => {
    shop = await startOrdersFixture();
    staff = await asStaff();
    db = new pg.Client({ connectionString: testEnv.DATABASE_URL });
    await db.connect();
  });
  afterAll(async () => {
    await db?.end();
    await shop?.stop();
  });

  const move = (id: string, status: string) => graphql(shop.orders.url, CHANGE_STATUS, { id, status }, staff);
  const positionsOf = async (orderIds: string[]) =>
    (await db.query<{ position: string | null }>('SELECT position FROM orders.order_events WHERE order_id = ANY($1) ORDER BY position', [orderIds])).rows.map(
      (row) => (row.position === null ? null : Number(row.position)),
    );

  it('gives every event written at once a position of its own, with no gap between them, and publishes it in the event', async () => {
    const capture = await captureEvents(['orders.order.*']);
    try {
      // Many writers at once, each placing an order and moving it: every commit takes the head in turn.
      const ids = await Promise.all(Array.from({ length: 12 }, () => placeDirectly(shop, randomUUID())));
      await Promise.all(ids.map(async (id) => expect(codesOf(await move(id, 'CONFIRMED'))).toEqual([])));
      const positions = await positionsOf(ids);
      expect(positions).toHaveLength(24);
      expect(positions.every((position) => position !== null)).toBe(true);
      expect(new Set(positions).size).toBe(24);
      // No gap in the whole log between our first and last (other writers' events fill it, none is skipped).
      const [first, last] = [positions[0]!, positions.at(-1)!];
      const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM orders.order_events WHERE position BETWEEN $1 AND $2', [first, last]);
      expect(Number(rows[0].count)).toBe(last - first + 1);
      // Each order's own events in its sequence.
      for (const id of ids) {
        const { rows: own } = await db.query<{ position: string }>('SELECT position FROM orders.order_events WHERE order_id = $1 ORDER BY sequence', [id]);
        expect(Number(own[0].position)).toBeLessThan(Number(own[1].position));
      }
      await capture.waitFor((event) => event.data.orderId === ids.at(-1) && event.type === 'orders.order.confirmed');
      const published = capture.events.filter((event) => ids.includes(event.data.orderId as string)).map((event) => event.data.position);
      expect(new Set(published)).toEqual(new Set(positions));
    } finally {
      await capture.stop();
    }
  });

  it("reads an order's changes after a sequence to its customer and staff, and refuses a sequence ahead of it, a stranger, an unknown order", async () => {
    const ana = randomUUID();
    const id = await placeDirectly(shop, ana);
    for (const status of STEPS.slice(0, 3)) expect(codesOf(await move(id, status))).toEqual([]);
    const anaHeaders = await asCustomer(ana);
    const all = (await expectData(shop.orders.url, ONE_ORDER, { id, after: 0 }, anaHeaders)).orderStatusChangesAfter;
    // The placing is not a change: 2, 3, 4.
    expect(all.map((change: { sequence: number; status: string }) => [change.sequence, change.status])).toEqual([
      [2, 'CONFIRMED'],
      [3, 'PREPARING'],
      [4, 'OUT_FOR_DELIVERY'],
    ]);
    expect(all[0]).toMatchObject({ orderId: id, previousStatus: 'PENDING', order: { id, status: 'OUT_FOR_DELIVERY' } });
    expect(all.map((change: { cursor: string }) => positionOf(change.cursor))).toEqual((await positionsOf([id])).slice(1));
    expect(
      (await expectData(shop.orders.url, ONE_ORDER, { id, after: 3 }, staff)).orderStatusChangesAfter.map((c: { sequence: number }) => c.sequence),
    ).toEqual([4]);
    expect((await expectData(shop.orders.url, ONE_ORDER, { id, after: 4 }, anaHeaders)).orderStatusChangesAfter).toEqual([]);

    expect(codesOf(await graphql(shop.orders.url, ONE_ORDER, { id, after: 5 }, anaHeaders))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await graphql(shop.orders.url, ONE_ORDER, { id, after: -1 }, anaHeaders))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await graphql(shop.orders.url, ONE_ORDER, { id, after: 0 }, await asCustomer()))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(shop.orders.url, ONE_ORDER, { id, after: 0 }))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await graphql(shop.orders.url, ONE_ORDER, { id: randomUUID(), after: 0 }, anaHeaders))).toEqual(['NOT_FOUND']);
  });

  it('pages the log of every order after a cursor for staff, in position order, and refuses a cursor it never gave', async () => {
    const ids = [await placeDirectly(shop, randomUUID()), await placeDirectly(shop, randomUUID())];
    expect(codesOf(await move(ids[0], 'CONFIRMED'))).toEqual([]);
    const [before] = await positionsOf([ids[0]]);
    const start = orderLogCursor({ position: before! - 1 });
    const page = async (after: string, first: number) => (await expectData(shop.orders.url, EVERY_ORDER, { after, first }, staff)).orderChangesAfter;
    // Page by page from just before our first placing: each page continues where the last ended, nothing twice.
    const seen: Array<{ orderId: string; sequence: number; cursor: string }> = [];
    let cursor = start;
    for (let pages = 0; pages < 50; pages += 1) {
      const { changes, endCursor, hasMore } = await page(cursor, 2);
      seen.push(...changes);
      cursor = endCursor;
      if (!hasMore) break;
    }
    const positions = seen.map((change) => positionOf(change.cursor));
    expect(positions[0]).toBe(before);
    expect(positions).toEqual(positions.map((_, index) => before! + index));
    const ours = seen.filter((change) => ids.includes(change.orderId)).map((change) => `${change.orderId}:${change.sequence}`);
    expect(ours).toEqual([`${ids[0]}:1`, `${ids[1]}:1`, `${ids[0]}:2`]);
    // Past the end: no changes, and the end cursor stays where it was asked.
    expect(await page(cursor, 10)).toEqual({ changes: [], endCursor: cursor, hasMore: false });
    // A cursor of an event published without a position (its order and sequence) resumes from that event.
    const byEvent = await page(orderLogCursor({ orderId: ids[0], sequence: 1 }), 500);
    expect(byEvent.changes.map((change: { cursor: string }) => positionOf(change.cursor))[0]).toBe(before! + 1);

    expect(codesOf(await graphql(shop.orders.url, EVERY_ORDER, { after: 'nonsense', first: 1 }, staff))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await graphql(shop.orders.url, EVERY_ORDER, { after: orderLogCursor({ position: 10 ** 12 }), first: 1 }, staff))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codesOf(await graphql(shop.orders.url, EVERY_ORDER, { after: orderLogCursor({ orderId: randomUUID(), sequence: 1 }), first: 1 }, staff))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(codesOf(await graphql(shop.orders.url, EVERY_ORDER, { after: start, first: 1 }, await asCustomer()))).toEqual(['FORBIDDEN']);
  });

  it('keeps the log whole when the same change is sent twice at once (a double tap): one event, one position', async () => {
    const id = await placeDirectly(shop, randomUUID());
    const answers = await Promise.all([move(id, 'CONFIRMED'), move(id, 'CONFIRMED')]);
    expect(answers.map(codesOf).sort()).toEqual([[], ['INVALID_TRANSITION']]);
    const positions = await positionsOf([id]);
    expect(positions).toHaveLength(2);
    const { rows } = await db.query<{ count: string }>('SELECT count(*) FROM orders.order_events WHERE position BETWEEN $1 AND $2', [
      positions[0],
      positions[1],
    ]);
    expect(Number(rows[0].count)).toBe(positions[1]! - positions[0]! + 1);
  });
});
