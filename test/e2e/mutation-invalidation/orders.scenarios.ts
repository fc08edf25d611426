import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { addShopAddress, changeOrderStatus, checkoutCart } from '../../support/shop';
import type { MutationInvalidation } from './types';

const ORDER = 'query($id: ID!) { order(id: $id) { id status } }';
const MY_ORDERS = 'query { myOrders(first: 5) { edges { node { id status } } } }';
const IN_STOCK = 'query($search: String!) { products(first: 5, search: $search, filter: { inStock: true }) { totalCount } }';
const STOCK_SHOWN = 'query($id: ID!) { product(id: $id) { id stock inStock stockLevel } }';

const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** A customer's orders (private answers), and the stock the shop window shows (shared ones). */
export const ordersScenarios: MutationInvalidation[] = [
  {
    field: 'Mutation.checkout',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const addressId = await addShopAddress(shop.url, customer.headers);
      // The last units: the product leaves the listings filtered to what is in stock (the catalog's tags, passed on by orders).
      const name = shop.unique('Checked-out Chrysanthemums');
      const productId = await shop.product(name, 3);
      const { createCart } = await shop.run(customer.headers, 'mutation { createCart { id } }');
      await shop.run(customer.headers, 'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 3) { id } }', {
        c: createCart.id,
        p: productId,
      });
      const input = { idempotencyKey: `inv-${randomUUID()}`, cartId: createCart.id, addressId, deliveryDate: tomorrow(), deliveryWindow: 'AFTERNOON' };
      const soldOut = (data: any) => expect(data.product).toMatchObject({ stock: 0, inStock: false, stockLevel: 'SOLD_OUT' });
      const noneInStock = (data: any) => expect(data.products.totalCount).toBe(0);
      return {
        mutation: { as: customer.headers, query: 'mutation($input: CheckoutInput!) { checkout(input: $input) { id } }', variables: { input } },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: MY_ORDERS,
            shows: (data) => expect(data.myOrders.edges).toMatchObject([{ node: { status: 'PENDING' } }]),
          },
          { who: 'the customer', as: customer.headers, cache: 'HIT', query: STOCK_SHOWN, variables: { id: productId }, shows: soldOut },
          { who: 'an anonymous visitor', as: {}, cache: 'HIT', query: STOCK_SHOWN, variables: { id: productId }, shows: soldOut },
          { who: 'the customer', as: customer.headers, cache: 'HIT', query: IN_STOCK, variables: { search: name }, shows: noneInStock },
          { who: 'an anonymous visitor', as: {}, cache: 'HIT', query: IN_STOCK, variables: { search: name }, shows: noneInStock },
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'MISS',
            query: 'query($id: ID!) { cart(id: $id) { itemCount } }',
            variables: { id: createCart.id },
            shows: (data) => expect(data.cart.itemCount).toBe(0),
            later: { because: 'the cart subgraph empties the ordered lines from orders.order.placed', withinMs: 15_000 },
          },
        ],
      };
    },
  },
  {
    // Delivered: the status at once, and later (by event) the customer's review of the product becomes a verified purchase.
    field: 'Mutation.changeOrderStatus',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const addressId = await addShopAddress(shop.url, customer.headers);
      const productId = await shop.product(shop.unique('Delivered Dahlias'));
      const { orderId } = await checkoutCart(shop.url, { ...customer, addressId }, [[productId, 1]]);
      for (const status of ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY']) await changeOrderStatus(shop.url, orderId, status, shop.staff);
      const { submitReview } = await shop.run(customer.headers, 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }', {
        input: { productId, rating: 5, title: 'Arrived', body: 'Reviewed before the delivery was recorded.' },
      });
      const delivered = (data: any) => expect(data.order.status).toBe('DELIVERED');
      return {
        mutation: { as: shop.staff, query: 'mutation($id: ID!) { changeOrderStatus(id: $id, status: DELIVERED) { id } }', variables: { id: orderId } },
        reads: [
          { who: 'the customer', as: customer.headers, cache: 'HIT', query: ORDER, variables: { id: orderId }, shows: delivered },
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: MY_ORDERS,
            shows: (data) => expect(data.myOrders.edges).toEqual([{ node: { id: orderId, status: 'DELIVERED' } }]),
          },
          { who: 'staff (the caller)', as: shop.staff, cache: 'BYPASS', query: ORDER, variables: { id: orderId }, shows: delivered },
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: 'query { myReviews { id verifiedPurchase } }',
            shows: (data) => expect(data.myReviews).toEqual([{ id: submitReview.id, verifiedPurchase: true }]),
            later: { because: 'the reviews subgraph records the purchase from the order event, then announces reviews.purchases.recorded', withinMs: 15_000 },
          },
        ],
      };
    },
  },
  {
    // Cancelled: the status at once; the stock once the catalog gave it back (announced by catalog.stock.released),
    // and with it the product, sold out by the order, back in the listings filtered to what is in stock.
    field: 'Mutation.cancelOrder',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const addressId = await addShopAddress(shop.url, customer.headers);
      const name = shop.unique('Cancelled Camellias');
      const productId = await shop.product(name, 4);
      const { orderId } = await checkoutCart(shop.url, { ...customer, addressId }, [[productId, 4]]);
      const later = { because: 'the catalog gives the stock back from the order event, then announces catalog.stock.released', withinMs: 15_000 };
      return {
        mutation: { as: customer.headers, query: 'mutation($id: ID!) { cancelOrder(id: $id, reason: "Changed my mind") { id } }', variables: { id: orderId } },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: ORDER,
            variables: { id: orderId },
            shows: (data) => expect(data.order.status).toBe('CANCELLED'),
          },
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'HIT',
            query: MY_ORDERS,
            shows: (data) => expect(data.myOrders.edges).toEqual([{ node: { id: orderId, status: 'CANCELLED' } }]),
          },
          {
            who: 'an anonymous visitor',
            as: {},
            cache: 'HIT',
            query: STOCK_SHOWN,
            variables: { id: productId },
            shows: (data) => expect(data.product).toMatchObject({ stock: 4, inStock: true }),
            later,
          },
          {
            who: 'an anonymous visitor',
            as: {},
            cache: 'HIT',
            query: IN_STOCK,
            variables: { search: name },
            shows: (data) => expect(data.products.totalCount).toBe(1),
            later,
          },
        ],
      };
    },
  },
  {
    // A zone's fee changes: the checkout screen's next ask shows the new one.
    field: 'Mutation.setDeliveryZone',
    uncachedBecause: 'delivery fees and slots are never cached: the places left change with every checkout',
    arrange: async (shop) => {
      const comuna = shop.unique('Invalidation Comuna');
      const SET_ZONE = 'mutation($input: DeliveryZoneInput!) { setDeliveryZone(input: $input) { id } }';
      await shop.run(shop.staff, SET_ZONE, { input: { comuna, feeMinor: 100, slotCapacity: 5 } });
      const feeShown = (data: any) => expect(data.deliverySlots.feeMinor).toBe(700);
      return {
        mutation: { as: shop.staff, query: SET_ZONE, variables: { input: { comuna, feeMinor: 700, slotCapacity: 5 } } },
        reads: [
          {
            who: 'an anonymous visitor',
            as: {},
            cache: 'MISS',
            query: 'query($c: String!) { deliverySlots(comuna: $c, days: 1) { feeMinor } }',
            variables: { c: comuna },
            shows: feeShown,
          },
          {
            who: 'staff (the caller)',
            as: shop.staff,
            cache: 'BYPASS',
            query: 'query { deliveryZones { name feeMinor } }',
            shows: (data) => expect(data.deliveryZones.find((zone: any) => zone.name === comuna)?.feeMinor).toBe(700),
          },
        ],
      };
    },
  },
];
