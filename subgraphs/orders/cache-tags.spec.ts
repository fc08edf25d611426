import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportedCacheTags } from '../../runtime/graphql/cache-tags';
import { graphql } from '../../test/support/graphql';
import { asCustomer, asStaff } from '../../test/support/tokens';
import {
  CANCEL,
  CHANGE_STATUS,
  CHECKOUT,
  checkoutInput,
  createProduct,
  fillCart,
  placeDirectly,
  shopper,
  startOrdersFixture,
  type OrdersFixture,
} from './orders.test-support';

describe('cache tags the orders subgraph reports to the router (runtime/graphql/cache-tags.ts)', () => {
  let shop: OrdersFixture;
  let staff: Record<string, string>;
  beforeAll(async () => {
    shop = await startOrdersFixture();
    staff = await asStaff();
  });
  afterAll(() => shop?.stop());

  const tagsOf = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const response = await graphql(shop.orders.url, query, variables, headers);
    expect(response.errors).toBeUndefined();
    const reported = reportedCacheTags(response.extensions);
    return { data: response.data, reads: [...(reported?.reads ?? [])].sort(), changes: [...(reported?.changes ?? [])].sort() };
  };
  const orderChanged = (orderId: string, customerId: string) =>
    ['orders:DeliverySlot', 'orders:Order', `orders:Order:${orderId}`, `orders:User:${customerId}`].sort();

  it("reads: a customer's list and each order on it; one order; the staff's lists and the order log", async () => {
    const customerId = randomUUID();
    const [older, newer] = [await placeDirectly(shop, customerId), await placeDirectly(shop, customerId)];
    const customer = await asCustomer(customerId);
    const mine = await tagsOf('query { myOrders(first: 5) { edges { node { id status } } } }', {}, customer);
    expect(mine.reads).toEqual([`orders:Order:${newer}`, `orders:Order:${older}`, `orders:User:${customerId}`].sort());
    expect((await tagsOf('query($id: ID!) { order(id: $id) { id lines { quantity } } }', { id: older }, customer)).reads).toEqual([`orders:Order:${older}`]);
    const history = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { orderHistory(first: 5) { totalCount } } } }';
    expect((await tagsOf(history, { r: [{ __typename: 'User', id: customerId }] }, customer)).reads).toEqual(mine.reads);
    const staffList = await tagsOf('query($c: ID) { orders(filter: { customerId: $c }) { edges { node { id } } } }', { c: customerId }, staff);
    expect(staffList.reads).toEqual(['orders:Order', `orders:Order:${newer}`, `orders:Order:${older}`].sort());
    // An id that is no order (a later checkout cannot make it one, but the answer still says what it asked).
    const unknown = randomUUID();
    expect((await tagsOf('query($id: ID!) { order(id: $id) { id } }', { id: unknown }, customer)).reads).toEqual([`orders:Order:${unknown}`]);
    const log = await tagsOf('query($id: ID!) { orderStatusChangesAfter(orderId: $id) { status } }', { id: older }, customer);
    expect(log.reads).toEqual([`orders:Order:${older}`]);
    const slots = await tagsOf('query { deliverySlots(comuna: "Santiago", days: 1) { feeMinor } }', {}, {});
    expect(slots.reads).toEqual(['orders:DeliverySlot', 'orders:DeliveryZone']);
  });

  it('changes: a checkout, a status change and a cancellation name their order, its customer, the lists and the slots', async () => {
    const customer = await shopper(shop);
    const productId = await createProduct(shop, `Tagged Tulips ${randomUUID().slice(0, 6)}`, 1500, 5);
    const cartId = await fillCart(shop, customer, [[productId, 1]]);
    // A double tap: both answers name the one order placed, whichever of them placed it.
    const input = checkoutInput(customer, { cartId });
    const [placed, repeated] = await Promise.all([tagsOf(CHECKOUT, { input }, customer.headers), tagsOf(CHECKOUT, { input }, customer.headers)]);
    const orderId = placed.data.checkout.id as string;
    expect(repeated.data.checkout.id).toBe(orderId);
    expect(repeated.changes).toEqual(expect.arrayContaining(orderChanged(orderId, customer.id)));
    // The catalog's stock changes come along (the reservation), with the orders' own.
    expect(placed.changes).toEqual(expect.arrayContaining(orderChanged(orderId, customer.id)));
    expect(placed.changes).not.toContain('orders');
    expect((await tagsOf(CHANGE_STATUS, { id: orderId, status: 'CONFIRMED' }, staff)).changes).toEqual(orderChanged(orderId, customer.id));
    expect((await tagsOf(CANCEL, { id: orderId, reason: 'Changed plans' }, staff)).changes).toEqual(orderChanged(orderId, customer.id));
  });

  it('a refused status change says nothing of its own: it counts as having changed everything here', async () => {
    const id = await placeDirectly(shop, randomUUID());
    const response = await graphql(shop.orders.url, CHANGE_STATUS, { id, status: 'DELIVERED' }, staff);
    expect(response.errors?.[0]?.extensions?.code).toBe('INVALID_TRANSITION');
    expect(reportedCacheTags(response.extensions)?.changes).toEqual(['orders']);
  });
});
