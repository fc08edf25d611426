import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureEvents } from '../../test/support/events';
import { expectData, graphql } from '../../test/support/graphql';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import {
  CANCEL,
  CHANGE_STATUS,
  CHECKOUT,
  checkoutInput,
  codesOf,
  createProduct,
  fillCart,
  placeDirectly,
  shopper,
  startOrdersFixture,
  stockOf,
  TIMELINE,
  type OrdersFixture,
} from './orders.test-support';

const byProductId = <T extends { productId: string }>(lines: T[]) => [...lines].sort((a, b) => a.productId.localeCompare(b.productId));

describe('order lifecycle, event log and outbox (real PostgreSQL and RabbitMQ)', () => {
  let shop: OrdersFixture;
  let staff: Record<string, string>;
  beforeAll(async () => {
    shop = await startOrdersFixture();
    staff = await asStaff();
  });
  afterAll(() => shop?.stop());

  const move = (id: string, status: string, note: string | null = null, headers = staff) =>
    graphql(shop.orders.url, CHANGE_STATUS, { id, status, note }, headers);
  const timelineOf = async (id: string) => (await expectData(shop.orders.url, TIMELINE, { id }, staff)).order.timeline;

  it('goes from PENDING to DELIVERED by staff, one step at a time, with a timeline, one event per change and a read model equal to the replayed log', async () => {
    const ana = randomUUID();
    const id = await placeDirectly(shop, ana);
    const capture = await captureEvents(['orders.order.*']);
    try {
      const steps = [
        ['CONFIRMED', ['PREPARING', 'CANCELLED']],
        ['PREPARING', ['OUT_FOR_DELIVERY', 'CANCELLED']],
        ['OUT_FOR_DELIVERY', ['DELIVERED']],
        ['DELIVERED', []],
      ] as const;
      for (const [status, next] of steps) {
        const { data } = await move(id, status, status === 'OUT_FOR_DELIVERY' ? 'Courier: Pedro' : null);
        expect(data?.changeOrderStatus).toEqual({ id, status, nextStatuses: next });
      }
      const timeline = await timelineOf(id);
      expect(
        timeline.map((entry: { sequence: number; type: string; status: string; previousStatus: string | null; actorRole: string; note: string | null }) => [
          entry.sequence,
          entry.type,
          entry.previousStatus,
          entry.status,
          entry.actorRole,
          entry.note,
        ]),
      ).toEqual([
        [1, 'ORDER_PLACED', null, 'PENDING', 'CUSTOMER', null],
        [2, 'STATUS_CHANGED', 'PENDING', 'CONFIRMED', 'STAFF', null],
        [3, 'STATUS_CHANGED', 'CONFIRMED', 'PREPARING', 'STAFF', null],
        [4, 'STATUS_CHANGED', 'PREPARING', 'OUT_FOR_DELIVERY', 'STAFF', 'Courier: Pedro'],
        [5, 'STATUS_CHANGED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'STAFF', null],
      ]);

      await capture.waitFor((event) => event.data.orderId === id && event.type === 'orders.order.delivered');
      // `placed` may arrive here too (the relay publishes it after the capture started); this test is about the moves.
      const mine = capture.events.filter((event) => event.data.orderId === id && event.type !== 'orders.order.placed');
      expect(mine.map((event) => [event.type, event.data.sequence, event.data.previousStatus, event.data.status, event.data.accountId])).toEqual([
        ['orders.order.confirmed', 2, 'PENDING', 'CONFIRMED', ana],
        ['orders.order.preparing', 3, 'CONFIRMED', 'PREPARING', ana],
        ['orders.order.out_for_delivery', 4, 'PREPARING', 'OUT_FOR_DELIVERY', ana],
        ['orders.order.delivered', 5, 'OUT_FOR_DELIVERY', 'DELIVERED', ana],
      ]);

      const { replayed, readModel } = await shop.orders.providers.orders.replayAndReadModel(id);
      expect(readModel).not.toBeNull();
      const { placedAt: _placedAt, updatedAt: _updatedAt, ...replayedState } = replayed!;
      expect({ ...replayedState, lines: byProductId(replayedState.lines) }).toEqual({ ...readModel!, lines: byProductId(readModel!.lines) });
      expect(replayed!.status).toBe('DELIVERED');
      expect(replayed!.version).toBe(5);
    } finally {
      await capture.stop();
    }
  });

  it('refuses a move the lifecycle does not allow, saying what is possible, and changes nothing', async () => {
    const id = await placeDirectly(shop, randomUUID());
    const skip = await move(id, 'DELIVERED');
    expect(skip.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'PENDING', allowed: ['CONFIRMED', 'CANCELLED'] });
    const back = await move(id, 'PENDING');
    expect(back.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'PENDING' });
    expect(await timelineOf(id)).toHaveLength(1);
    expect(codesOf(await move(randomUUID(), 'CONFIRMED'))).toEqual(['NOT_FOUND']);
    const tooLong = await move(id, 'CONFIRMED', 'x'.repeat(501));
    expect(tooLong.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'note' });
    expect(await timelineOf(id)).toHaveLength(1);
  });

  it('lets the customer cancel while early, with a reason; not once preparation started, when staff still may', async () => {
    const ana = randomUUID();
    const anaHeaders = await asCustomer(ana);
    const early = await placeDirectly(shop, ana);
    const { cancelOrder } = await expectData(shop.orders.url, CANCEL, { id: early, reason: 'Ordered twice' }, anaHeaders);
    expect(cancelOrder).toEqual({ id: early, status: 'CANCELLED', nextStatuses: [] });
    expect((await timelineOf(early)).at(-1)).toMatchObject({ status: 'CANCELLED', actorRole: 'CUSTOMER', note: 'Ordered twice' });

    const started = await placeDirectly(shop, ana);
    await move(started, 'CONFIRMED');
    await move(started, 'PREPARING');
    const late = await graphql(shop.orders.url, CANCEL, { id: started }, anaHeaders);
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'PREPARING', allowed: [] });
    const { data } = await graphql(shop.orders.url, CANCEL, { id: started, reason: 'Out of peonies' }, await asAdmin());
    expect(data?.cancelOrder.status).toBe('CANCELLED');
  });

  it('lets only staff move orders forward and only the customer or staff cancel', async () => {
    const ana = randomUUID();
    const id = await placeDirectly(shop, ana);
    expect(codesOf(await move(id, 'CONFIRMED', null, await asCustomer(ana)))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(shop.orders.url, CHANGE_STATUS, { id, status: 'CONFIRMED' }))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await graphql(shop.orders.url, CANCEL, { id }, await asCustomer()))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(shop.orders.url, CANCEL, { id }))).toEqual(['UNAUTHENTICATED']);
    expect(await timelineOf(id)).toHaveLength(1);
  });

  it('applies exactly one of two concurrent changes of the same order; the other is judged against the new status', async () => {
    const id = await placeDirectly(shop, randomUUID());
    const results = await Promise.all([move(id, 'CONFIRMED'), move(id, 'CONFIRMED', null, await asAdmin()), move(id, 'CONFIRMED')]);
    const applied = results.filter((result) => !result.errors);
    expect(applied).toHaveLength(1);
    for (const refused of results.filter((result) => result.errors)) expect(codesOf(refused)).toEqual(['INVALID_TRANSITION']);
    const timeline = await timelineOf(id);
    expect(timeline.map((entry: { sequence: number }) => entry.sequence)).toEqual([1, 2]);
  });

  it('keeps the event log append-only in the database itself', async () => {
    const id = await placeDirectly(shop, randomUUID());
    const prisma = (shop.orders.providers.writer as unknown as { prisma: { $executeRawUnsafe(sql: string, ...values: unknown[]): Promise<number> } }).prisma;
    await expect(prisma.$executeRawUnsafe(`UPDATE "orders"."order_events" SET note = 'rewritten' WHERE order_id = $1`, id)).rejects.toThrow(/append-only/);
    await expect(prisma.$executeRawUnsafe(`DELETE FROM "orders"."order_events" WHERE order_id = $1`, id)).rejects.toThrow(/append-only/);
    expect(await timelineOf(id)).toHaveLength(1);
  });

  it('gives the stock of a cancelled order back through orders.order.cancelled and the catalog, once', async () => {
    const roses = await createProduct(shop, 'Returned Roses', 1500, 6);
    const ana = await shopper(shop);
    await fillCart(shop, ana, [[roses, 4]]);
    const { checkout } = await expectData(shop.orders.url, CHECKOUT, { input: checkoutInput(ana) }, ana.headers);
    expect(await stockOf(shop, roses)).toBe(2);
    await expectData(shop.orders.url, CANCEL, { id: checkout.id, reason: 'Changed my mind' }, ana.headers);
    const deadline = Date.now() + 10_000;
    while ((await stockOf(shop, roses)) !== 6 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await stockOf(shop, roses)).toBe(6);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await stockOf(shop, roses)).toBe(6);
  });
});
