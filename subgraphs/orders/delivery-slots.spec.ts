import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectData, graphql } from '../../test/support/graphql';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { SET_ZONE, SLOTS, newZone, remainingIn } from './delivery.test-support';
import { addDays, shopDate, shopTime } from './domain/delivery-calendar';
import {
  CANCEL,
  CHECKOUT,
  checkoutInput,
  codesOf,
  createProduct,
  fillCart,
  shopper,
  startOrdersFixture,
  stockOf,
  type OrdersFixture,
} from './orders.test-support';

const SANTIAGO = 'America/Santiago';

describe('delivery slots and zones (orders with catalog, users and cart subgraphs, real PostgreSQL)', () => {
  let shop: OrdersFixture;
  beforeAll(async () => {
    shop = await startOrdersFixture();
  });
  afterAll(() => shop?.stop());
  afterEach(() => vi.restoreAllMocks());

  const today = () => shopDate(new Date(), SANTIAGO);
  /** The orders service's clock set to `hour`:00 of the shop's today. */
  const atShopHour = (hour: number) => vi.spyOn(shop.orders.providers.clock, 'now').mockReturnValue(shopTime(today(), hour, SANTIAGO));
  const customerIn = async (comuna: string, product: string) => {
    const customer = await shopper(shop, comuna);
    await fillCart(shop, customer, [[product, 1]]);
    return customer;
  };

  it("judges cut-offs in the shop's time zone: at 20:00 in Santiago today's MORNING is closed and not offered, tomorrow's is; at 06:00 it was", async () => {
    const comuna = await newZone(shop.orders.url, 990, 5, 'Cutoff');
    const roses = await createProduct(shop, 'Cut-off Roses', 1000, 10);
    const ana = await customerIn(comuna, roses);

    atShopHour(20);
    const closed = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { deliveryDate: today(), deliveryWindow: 'MORNING' }) }, ana.headers);
    expect(closed.errors?.[0].extensions).toMatchObject({
      code: 'DELIVERY_SLOT_CLOSED',
      field: 'deliveryWindow',
      cutOffAt: shopTime(today(), 7, SANTIAGO).toISOString(),
    });
    const { deliverySlots } = await expectData(shop.orders.url, SLOTS, { comuna, days: 2 });
    expect(deliverySlots.slots.map((slot: { date: string; window: string }) => `${slot.date} ${slot.window}`)).toEqual(
      ['MORNING', 'AFTERNOON', 'EVENING'].map((window) => `${addDays(today(), 1)} ${window}`),
    );
    expect(deliverySlots.slots[0]).toMatchObject({ capacity: 5, remaining: 5, cutOffAt: shopTime(addDays(today(), 1), 7, SANTIAGO).toISOString() });
    const tomorrow = await expectData(
      shop.orders.url,
      CHECKOUT,
      { input: checkoutInput(ana, { deliveryDate: addDays(today(), 1), deliveryWindow: 'MORNING' }) },
      ana.headers,
    );
    expect(tomorrow.checkout.delivery).toMatchObject({ date: addDays(today(), 1), window: 'MORNING' });

    atShopHour(6);
    await fillCart(shop, ana, [[roses, 1]]);
    const early = await expectData(shop.orders.url, CHECKOUT, { input: checkoutInput(ana, { deliveryDate: today(), deliveryWindow: 'MORNING' }) }, ana.headers);
    expect(early.checkout.delivery).toMatchObject({ date: today(), window: 'MORNING' });
    expect(await remainingIn(shop.orders.url, comuna, today(), 'MORNING')).toBe(4);
  });

  it('never overbooks: of six customers racing for a window with three places, exactly three get it; the others hold no stock', async () => {
    const comuna = await newZone(shop.orders.url, 500, 3, 'Race');
    const tulips = await createProduct(shop, 'Racing Tulips', 800, 50);
    const customers = await Promise.all([1, 2, 3, 4, 5, 6].map(() => customerIn(comuna, tulips)));
    const date = addDays(today(), 2);
    const results = await Promise.all(
      customers.map((customer) =>
        graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(customer, { deliveryDate: date, deliveryWindow: 'EVENING' }) }, customer.headers),
      ),
    );
    expect(results.filter((result) => !result.errors)).toHaveLength(3);
    expect(results.filter((result) => result.errors).map((result) => codesOf(result))).toEqual([
      ['DELIVERY_SLOT_FULL'],
      ['DELIVERY_SLOT_FULL'],
      ['DELIVERY_SLOT_FULL'],
    ]);
    expect(await remainingIn(shop.orders.url, comuna, date, 'EVENING')).toBe(0);
    expect(await remainingIn(shop.orders.url, comuna, date, 'AFTERNOON')).toBe(3);
    expect(await stockOf(shop, tulips)).toBe(47);
  });

  it('gives the place back when the order is cancelled; a refused or repeated checkout takes none', async () => {
    const comuna = await newZone(shop.orders.url, 500, 1, 'Release');
    const lilies = await createProduct(shop, 'Released Lilies', 1500, 5);
    const scarce = await createProduct(shop, 'Scarce Proteas', 2000, 1);
    const date = addDays(today(), 3);
    const slot = { deliveryDate: date, deliveryWindow: 'AFTERNOON' };

    const refused = await shopper(shop, comuna);
    await fillCart(shop, refused, [[scarce, 1]]);
    await expectData(shop.catalog.url, 'mutation($id: ID!) { adjustStock(productId: $id, delta: -1) { stock } }', { id: scarce }, await asStaff());
    expect(codesOf(await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(refused, slot) }, refused.headers))).toEqual(['OUT_OF_STOCK']);
    expect(await remainingIn(shop.orders.url, comuna, date, 'AFTERNOON')).toBe(1);

    const ana = await customerIn(comuna, lilies);
    const input = checkoutInput(ana, slot);
    const repeats = await Promise.all([1, 2, 3, 4].map(() => expectData(shop.orders.url, CHECKOUT, { input }, ana.headers)));
    expect(new Set(repeats.map((data) => data.checkout.id)).size).toBe(1);
    expect(await remainingIn(shop.orders.url, comuna, date, 'AFTERNOON')).toBe(0);

    const bea = await customerIn(comuna, lilies);
    expect(codesOf(await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(bea, slot) }, bea.headers))).toEqual(['DELIVERY_SLOT_FULL']);
    await expectData(shop.orders.url, CANCEL, { id: repeats[0].checkout.id }, ana.headers);
    expect(await remainingIn(shop.orders.url, comuna, date, 'AFTERNOON')).toBe(1);
    await expectData(shop.orders.url, CHECKOUT, { input: checkoutInput(bea, slot) }, bea.headers);
    expect(await remainingIn(shop.orders.url, comuna, date, 'AFTERNOON')).toBe(0);
  });

  it("charges the zone's fee (matched on the address's city, accents and case aside), free from 50.00, and refuses a comuna not served", async () => {
    const comuna = await newZone(shop.orders.url, 1290, 10, 'Ñuñoa');
    const peonies = await createProduct(shop, 'Zoned Peonies', 1000, 20);
    const ana = await customerIn(comuna.toUpperCase().replace('Ñ', 'N'), peonies);
    const { checkout } = await expectData(shop.orders.url, CHECKOUT, { input: checkoutInput(ana) }, ana.headers);
    expect(checkout).toMatchObject({ subtotal: { amountMinor: 1000 }, deliveryFee: { amountMinor: 1290 }, total: { amountMinor: 2290 } });
    await fillCart(shop, ana, [[peonies, 5]]);
    const free = await expectData(shop.orders.url, CHECKOUT, { input: checkoutInput(ana) }, ana.headers);
    expect(free.checkout).toMatchObject({ deliveryFee: { amountMinor: 0 }, total: { amountMinor: 5000 } });

    const nowhere = await customerIn(`Nowhere ${comuna}`, peonies);
    const refused = await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(nowhere) }, nowhere.headers);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'DELIVERY_ZONE_NOT_SERVED', field: 'addressId', comuna: `Nowhere ${comuna}` });
    await expectData(shop.orders.url, SET_ZONE, { input: { comuna, feeMinor: 1290, slotCapacity: 10, active: false } }, await asStaff());
    await fillCart(shop, ana, [[peonies, 1]]);
    expect(codesOf(await graphql(shop.orders.url, CHECKOUT, { input: checkoutInput(ana) }, ana.headers))).toEqual(['DELIVERY_ZONE_NOT_SERVED']);
    expect(codesOf(await graphql(shop.orders.url, SLOTS, { comuna }))).toEqual(['DELIVERY_ZONE_NOT_SERVED']);
    expect(await stockOf(shop, peonies)).toBe(14);
  });

  it('lets staff list and edit zones, customers and visitors only read the slots', async () => {
    const comuna = await newZone(shop.orders.url, 700, 4, 'Staff');
    const staff = await asStaff();
    const edited = await expectData(shop.orders.url, SET_ZONE, { input: { comuna: ` ${comuna} `, feeMinor: 850, slotCapacity: 6 } }, staff);
    expect(edited.setDeliveryZone).toMatchObject({ name: comuna, feeMinor: 850, slotCapacity: 6, active: true });
    const { deliveryZones } = await expectData(shop.orders.url, 'query { deliveryZones { id name feeMinor } }', {}, staff);
    expect(deliveryZones.filter((zone: { name: string }) => zone.name === comuna)).toEqual([{ id: comuna.toLowerCase(), name: comuna, feeMinor: 850 }]);

    const customer = await asCustomer();
    const change = { input: { comuna, feeMinor: 1, slotCapacity: 6 } };
    expect(codesOf(await graphql(shop.orders.url, SET_ZONE, change, customer))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(shop.orders.url, SET_ZONE, change))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await graphql(shop.orders.url, 'query { deliveryZones { id } }', {}, customer))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(shop.orders.url, SET_ZONE, { input: { comuna, feeMinor: -5, slotCapacity: 6 } }, staff))).toEqual(['BAD_USER_INPUT']);
    const { deliverySlots } = await expectData(shop.orders.url, SLOTS, { comuna, days: 1 });
    expect(deliverySlots).toMatchObject({ comuna, feeMinor: 850 });
  });
});
