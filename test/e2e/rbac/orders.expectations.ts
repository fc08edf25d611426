import { randomUUID } from 'node:crypto';
import { createProductAsStaff, dataOf } from './catalog.expectations';
import type { Call, SubgraphExpectations } from './types';
import { orderLogCursor } from '../../../runtime/graphql/order-log-cursor';

/** The cursor before the first change of the log of every order. */
const LOG_START = orderLogCursor({ position: 0 });

const CHECKOUT = 'mutation($input: CheckoutInput!) { checkout(input: $input) { id } }';
const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** An order of the fixture customer: a cart of its own with one product, checked out through the router. */
async function customerOrder(call: Call, productId: string, addressId: string): Promise<string> {
  const { createCart } = dataOf(await call('customer', 'mutation { createCart { id } }'), 'createCart');
  dataOf(
    await call('customer', 'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 1) { id } }', { c: createCart.id, p: productId }),
    'addCartLine',
  );
  const input = { idempotencyKey: `rbac-${randomUUID()}`, cartId: createCart.id, addressId, deliveryDate: tomorrow(), deliveryWindow: 'MORNING' };
  return dataOf(await call('customer', CHECKOUT, { input }), 'checkout').checkout.id;
}

/** Moves the fixture order one step on (as staff), so live subscribers have something to receive. */
async function advanceOrder(call: Call, orderId: string): Promise<void> {
  const { order } = dataOf(await call('staff', 'query($id: ID!) { order(id: $id) { nextStatuses } }', { id: orderId }), 'order');
  const next = order.nextStatuses.find((status: string) => status !== 'CANCELLED');
  dataOf(
    await call('staff', 'mutation($id: ID!, $s: OrderStatus!) { changeOrderStatus(id: $id, status: $s) { id } }', { id: orderId, s: next }),
    'changeOrderStatus',
  );
}

const STAFF_ONLY = { anonymous: 'UNAUTHENTICATED', customer: 'FORBIDDEN', otherCustomer: 'FORBIDDEN', staff: 'allowed', admin: 'allowed' } as const;
const OWNER_OR_STAFF = { anonymous: 'UNAUTHENTICATED', customer: 'allowed', otherCustomer: 'FORBIDDEN', staff: 'allowed', admin: 'allowed' } as const;

/** Orders are the customer's and staff's to see; customers check out their own; staff move orders along. */
export const ordersExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const product = await createProductAsStaff(call, 'RBAC Order Peonies');
    const address = { recipient: 'Ana Rojas', line1: 'Calle Los Aromos 123', city: 'Santiago', postalCode: '8320000', country: 'CL' };
    const { addAddress } = dataOf(
      await call('customer', 'mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }', { input: address }),
      'addAddress',
    );
    return {
      orderId: await customerOrder(call, product.id, addAddress.id),
      cancellableOrderId: await customerOrder(call, product.id, addAddress.id),
      orderAddressId: addAddress.id,
    };
  },
  fields: [
    {
      field: 'Query.order',
      operation: ({ ids }) => ({
        query: 'query($id: ID!) { order(id: $id) { id status total { amount } lines { quantity } timeline { status } } }',
        variables: { id: ids.orderId },
      }),
      ...OWNER_OR_STAFF,
    },
    {
      field: 'Query.myOrders',
      operation: () => ({ query: 'query { myOrders(first: 5) { totalCount edges { node { id status } } } }' }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.orders',
      operation: ({ customer }) => ({
        query: 'query($f: OrdersFilter) { orders(filter: $f) { totalCount edges { node { id } } } }',
        variables: { f: { customerId: customer.accountId } },
      }),
      ...STAFF_ONLY,
    },
    {
      // Served for customers (here refused on the cart or the address, both domain errors); staff do not shop.
      field: 'Mutation.checkout',
      operation: ({ ids }) => ({
        query: CHECKOUT,
        variables: { input: { idempotencyKey: `rbac-${randomUUID()}`, addressId: ids.orderAddressId, deliveryDate: tomorrow(), deliveryWindow: 'EVENING' } },
      }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'FORBIDDEN',
      admin: 'FORBIDDEN',
    },
    {
      // Back to PENDING is never a valid move, so the allowed callers get INVALID_TRANSITION and nothing changes.
      field: 'Mutation.changeOrderStatus',
      operation: ({ ids }) => ({ query: 'mutation($id: ID!) { changeOrderStatus(id: $id, status: PENDING) { id } }', variables: { id: ids.orderId } }),
      ...STAFF_ONLY,
    },
    {
      field: 'Mutation.cancelOrder',
      operation: ({ ids }) => ({ query: 'mutation($id: ID!) { cancelOrder(id: $id) { id status } }', variables: { id: ids.cancellableOrderId } }),
      ...OWNER_OR_STAFF,
    },
    {
      // Public: the checkout screen shows fees and slots before sign-in.
      field: 'Query.deliverySlots',
      operation: () => ({ query: 'query { deliverySlots(comuna: "Santiago", days: 2) { comuna feeMinor slots { date window remaining } } }' }),
      anonymous: 'allowed',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.deliveryZones',
      operation: () => ({ query: 'query { deliveryZones { id name feeMinor slotCapacity active } }' }),
      ...STAFF_ONLY,
    },
    {
      // A negative fee: the allowed callers get BAD_USER_INPUT and no zone is written.
      field: 'Mutation.setDeliveryZone',
      operation: () => ({ query: 'mutation { setDeliveryZone(input: { comuna: "Santiago", feeMinor: -1, slotCapacity: 1 }) { id } }' }),
      ...STAFF_ONLY,
    },
    {
      // The log a resumed orderStatusChanges replays: the order's own changes, to its customer and staff.
      field: 'Query.orderStatusChangesAfter',
      operation: ({ ids }) => ({
        query: 'query($id: ID!) { orderStatusChangesAfter(orderId: $id, afterSequence: 0) { sequence status cursor order { id } } }',
        variables: { id: ids.orderId },
      }),
      ...OWNER_OR_STAFF,
    },
    {
      // The log a resumed staff feed replays, from its start (the first change only).
      field: 'Query.orderChangesAfter',
      operation: () => ({
        query: 'query($after: String!) { orderChangesAfter(after: $after, first: 1) { changes { orderId } endCursor hasMore } }',
        variables: { after: LOG_START },
      }),
      ...STAFF_ONLY,
    },
    {
      field: 'Subscription.orderStatusChanges',
      transport: 'ws',
      operation: ({ ids }) => ({
        query: 'subscription($id: ID!) { orderStatusChanges(orderId: $id) { status previousStatus sequence order { id status } } }',
        variables: { id: ids.orderId },
      }),
      trigger: ({ ids }, call) => advanceOrder(call, ids.orderId),
      ...OWNER_OR_STAFF,
    },
    {
      field: 'Subscription.orderChanges',
      transport: 'ws',
      operation: () => ({ query: 'subscription { orderChanges { orderId status sequence order { id } } }' }),
      trigger: ({ ids }, call) => advanceOrder(call, ids.orderId),
      ...STAFF_ONLY,
    },
    {
      field: 'Subscription.orderStatusChanged',
      transport: 'ws',
      operation: ({ ids }) => ({ query: 'subscription($id: ID!) { orderStatusChanged(orderId: $id) { id status } }', variables: { id: ids.orderId } }),
      trigger: ({ ids }, call) => advanceOrder(call, ids.orderId),
      ...OWNER_OR_STAFF,
    },
    {
      field: 'Subscription.orderUpdates',
      transport: 'ws',
      operation: () => ({ query: 'subscription { orderUpdates { id status } }' }),
      trigger: ({ ids }, call) => advanceOrder(call, ids.orderId),
      ...STAFF_ONLY,
    },
  ],
};
