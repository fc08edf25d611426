import { expect } from 'vitest';
import type { Caller, MutationInvalidation, Plan, Shop } from './types';

const CART = 'query($id: ID!) { cart(id: $id) { itemCount lines { productId quantity } } }';
const UNCACHED = 'carts are never cached (Cart has no cache hint): every read of one goes to the cart subgraph';

interface Carted {
  customer: Caller;
  cartId: string;
  productId: string;
}

/** A new customer's cart holding `quantity` units of a new product (none: an empty cart). */
async function cartWith(shop: Shop, name: string, quantity: number): Promise<Carted> {
  const customer = await shop.customer();
  const productId = await shop.product(shop.unique(name));
  const { createCart } = await shop.run(customer.headers, 'mutation { createCart { id } }');
  if (quantity > 0) {
    await shop.run(customer.headers, 'mutation($c: ID!, $p: ID!, $q: Int!) { addCartLine(cartId: $c, productId: $p, quantity: $q) { id } }', {
      c: createCart.id,
      p: productId,
      q: quantity,
    });
  }
  return { customer, cartId: createCart.id, productId };
}

/** The owner reading the cart after `query` changed it. */
function cartChange({ customer, cartId, productId }: Carted, query: string, lines: number[]): Plan {
  return {
    mutation: { as: customer.headers, query, variables: { c: cartId, p: productId } },
    reads: [
      {
        who: 'the customer',
        as: customer.headers,
        cache: 'MISS',
        query: CART,
        variables: { id: cartId },
        shows: (data) => expect(data.cart.lines).toEqual(lines.map((quantity) => ({ productId, quantity }))),
      },
    ],
  };
}

/** Carts change under their owner's hands; no answer that shows one is kept. */
export const cartScenarios: MutationInvalidation[] = [
  {
    field: 'Mutation.createCart',
    uncachedBecause: UNCACHED,
    arrange: async (shop) => {
      const customer = await shop.customer();
      return {
        mutation: { as: customer.headers, query: 'mutation { createCart { id } }' },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'MISS',
            query: 'query { myCart { id itemCount } }',
            shows: (data) => expect(data.myCart).toMatchObject({ itemCount: 0 }),
          },
        ],
      };
    },
  },
  {
    field: 'Mutation.addCartLine',
    uncachedBecause: UNCACHED,
    arrange: async (shop) =>
      cartChange(
        await cartWith(shop, 'Carted Carnations', 0),
        'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 2) { id } }',
        [2],
      ),
  },
  {
    field: 'Mutation.setCartLineQuantity',
    uncachedBecause: UNCACHED,
    arrange: async (shop) =>
      cartChange(
        await cartWith(shop, 'Requantified Carnations', 1),
        'mutation($c: ID!, $p: ID!) { setCartLineQuantity(cartId: $c, productId: $p, quantity: 5) { id } }',
        [5],
      ),
  },
  {
    field: 'Mutation.removeCartLine',
    uncachedBecause: UNCACHED,
    arrange: async (shop) =>
      cartChange(await cartWith(shop, 'Removed Carnations', 1), 'mutation($c: ID!, $p: ID!) { removeCartLine(cartId: $c, productId: $p) { id } }', []),
  },
  {
    field: 'Mutation.clearCart',
    uncachedBecause: UNCACHED,
    arrange: async (shop) => cartChange(await cartWith(shop, 'Cleared Carnations', 3), 'mutation($c: ID!) { clearCart(cartId: $c) { id } }', []),
  },
  {
    field: 'Mutation.mergeGuestCart',
    uncachedBecause: UNCACHED,
    arrange: async (shop) => {
      const customer = await shop.customer();
      const productId = await shop.product(shop.unique('Merged Marigolds'));
      const { createCart: own } = await shop.run(customer.headers, 'mutation { createCart { id } }');
      const { createCart: guest } = await shop.run({}, 'mutation { createCart { id } }');
      await shop.run({}, 'mutation($c: ID!, $p: ID!) { addCartLine(cartId: $c, productId: $p, quantity: 2) { id } }', { c: guest.id, p: productId });
      return {
        mutation: { as: customer.headers, query: 'mutation($g: ID!) { mergeGuestCart(guestCartId: $g) { id } }', variables: { g: guest.id } },
        reads: [
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'MISS',
            query: CART,
            variables: { id: own.id },
            shows: (data) => expect(data.cart.lines).toEqual([{ productId, quantity: 2 }]),
          },
        ],
      };
    },
  },
];
