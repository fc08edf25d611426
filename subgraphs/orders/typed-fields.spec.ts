import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql } from '../../test/support/graphql';
import { asStaff } from '../../test/support/tokens';
import { newZone } from './delivery.test-support';
import { addDays, shopDate } from './domain/delivery-calendar';
import { CANCEL, checkoutInput, codesOf, createProduct, fillCart, shopper, startOrdersFixture, type OrdersFixture } from './orders.test-support';

// The typed fields beside the deprecated String ones: LocalDate delivery days, enum timeline kinds and actors.

const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { id delivery { date day window } } }`;
const TIMELINE = `query($id: ID!) { order(id: $id) { timeline { sequence kind type actor actorRole status } } }`;
const SLOTS = `query($comuna: String!, $fromDay: LocalDate, $from: String, $days: Int) {
  deliverySlots(comuna: $comuna, fromDay: $fromDay, from: $from, days: $days) { slots { date day window } } }`;

describe('typed delivery days and timeline entries (orders with catalog, users and cart subgraphs, real PostgreSQL)', () => {
  let shop: OrdersFixture;
  beforeAll(async () => {
    shop = await startOrdersFixture();
  });
  afterAll(() => shop?.stop());

  const inDays = (days: number) => addDays(shopDate(new Date(), 'America/Santiago'), days);
  /** The checkout input with `deliveryDay` in place of the deprecated `deliveryDate`. */
  const withDay = (customer: Parameters<typeof checkoutInput>[0], deliveryDay: unknown) => {
    const { deliveryDate: _deprecated, ...input } = checkoutInput(customer);
    return { ...input, deliveryDay };
  };

  it('checks out on a LocalDate delivery day, once for concurrent repeats, and answers it as `day` and as the deprecated `date`', async () => {
    const roses = await createProduct(shop, 'Typed Roses', 1000, 10);
    const ana = await shopper(shop);
    await fillCart(shop, ana, [[roses, 1]]);
    const input = withDay(ana, inDays(2));
    const repeats = await Promise.all([1, 2, 3].map(() => expectData(shop.orders.url, CHECKOUT, { input }, ana.headers)));
    expect(new Set(repeats.map(({ checkout }) => checkout.id)).size).toBe(1);
    expect(repeats[0].checkout.delivery).toEqual({ date: inDays(2), day: inDays(2), window: 'AFTERNOON' });

    // The deprecated String field still checks out (apps not yet moved keep working).
    await fillCart(shop, ana, [[roses, 1]]);
    const old = await expectData(shop.orders.url, CHECKOUT, { input: checkoutInput(ana) }, ana.headers);
    expect(old.checkout.delivery.day).toBe(old.checkout.delivery.date);
  });

  it('refuses a day that is no calendar date, both fields at once, neither, and a past day, naming deliveryDay', async () => {
    const ana = await shopper(shop);
    const refused = async (input: Record<string, unknown>) => (await graphql(shop.orders.url, CHECKOUT, { input }, ana.headers)).errors?.[0].extensions;
    expect(await refused(withDay(ana, '2026-02-30'))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refused(withDay(ana, '24/12/2026'))).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await refused({ ...checkoutInput(ana), deliveryDay: inDays(1) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deliveryDay' });
    const { deliveryDate: _deprecated, ...neither } = checkoutInput(ana);
    expect(await refused(neither)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deliveryDay' });
    expect(await refused(withDay(ana, inDays(-1)))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deliveryDay' });
    expect(await refused({ ...checkoutInput(ana), deliveryDate: inDays(-1) })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'deliveryDate' });
  });

  it('lists slots from a LocalDate `fromDay`, each with its `day`; `from` and `fromDay` together are refused', async () => {
    const comuna = await newZone(shop.orders.url, 500, 2, 'Typed');
    const { deliverySlots } = await expectData(shop.orders.url, SLOTS, { comuna, fromDay: inDays(3), days: 2 });
    expect(deliverySlots.slots.map((slot: { day: string; window: string }) => `${slot.day} ${slot.window}`)).toEqual(
      [inDays(3), inDays(4)].flatMap((day) => ['MORNING', 'AFTERNOON', 'EVENING'].map((window) => `${day} ${window}`)),
    );
    for (const slot of deliverySlots.slots) expect(slot.day).toBe(slot.date);
    const deprecated = await expectData(shop.orders.url, SLOTS, { comuna, from: inDays(3), days: 2 });
    expect(deprecated.deliverySlots).toEqual(deliverySlots);
    const both = await graphql(shop.orders.url, SLOTS, { comuna, from: inDays(3), fromDay: inDays(3) });
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromDay' });
    expect(codesOf(await graphql(shop.orders.url, SLOTS, { comuna, fromDay: '2026-13-01' }))).toEqual(['BAD_USER_INPUT']);
  });

  it('answers each timeline entry with an enum `kind` and `actor`, the same values as the deprecated Strings', async () => {
    const tulips = await createProduct(shop, 'Typed Tulips', 800, 10);
    const ana = await shopper(shop);
    await fillCart(shop, ana, [[tulips, 1]]);
    const { checkout } = await expectData(shop.orders.url, CHECKOUT, { input: withDay(ana, inDays(1)) }, ana.headers);
    const staff = await asStaff();
    await expectData(shop.orders.url, 'mutation($id: ID!) { changeOrderStatus(id: $id, status: CONFIRMED) { id } }', { id: checkout.id }, staff);
    await expectData(shop.orders.url, CANCEL, { id: checkout.id, reason: 'Changed my mind' }, ana.headers);
    const { order } = await expectData(shop.orders.url, TIMELINE, { id: checkout.id }, ana.headers);
    expect(order.timeline).toEqual([
      { sequence: 1, kind: 'ORDER_PLACED', type: 'ORDER_PLACED', actor: 'CUSTOMER', actorRole: 'CUSTOMER', status: 'PENDING' },
      { sequence: 2, kind: 'STATUS_CHANGED', type: 'STATUS_CHANGED', actor: 'STAFF', actorRole: 'STAFF', status: 'CONFIRMED' },
      { sequence: 3, kind: 'STATUS_CHANGED', type: 'STATUS_CHANGED', actor: 'CUSTOMER', actorRole: 'CUSTOMER', status: 'CANCELLED' },
    ]);
  });
});
