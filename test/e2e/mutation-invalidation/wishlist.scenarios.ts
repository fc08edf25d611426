import { expect } from 'vitest';
import type { Caller, MutationInvalidation, Read } from './types';

const WISHED = 'query($id: ID!) { product(id: $id) { id name wishlisted } }';
const MY_WISHLIST = 'query { myWishlist { itemCount items { product { id } } } }';

/**
 * `wishlisted` on a product page is cached per account; the wishlist itself is not (Wishlist has no cache hint),
 * which its MISS reads keep true.
 */
function wishlistReads(customer: Caller, productId: string, wished: boolean): Read[] {
  return [
    {
      who: 'the customer',
      as: customer.headers,
      cache: 'HIT',
      query: WISHED,
      variables: { id: productId },
      shows: (data) => expect(data.product.wishlisted).toBe(wished),
    },
    {
      who: 'the customer',
      as: customer.headers,
      cache: 'MISS',
      query: MY_WISHLIST,
      shows: (data) => expect(data.myWishlist.items.map((item: any) => item.product.id)).toEqual(wished ? [productId] : []),
    },
  ];
}

/** A customer's wishlist, as their product pages show it. */
export const wishlistScenarios: MutationInvalidation[] = [
  {
    field: 'Mutation.addToWishlist',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const productId = await shop.product(shop.unique('Wished Wisteria'));
      return {
        mutation: { as: customer.headers, query: 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', variables: { p: productId } },
        reads: wishlistReads(customer, productId, true),
      };
    },
  },
  {
    field: 'Mutation.removeFromWishlist',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const productId = await shop.product(shop.unique('Unwished Wisteria'));
      await shop.run(customer.headers, 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', { p: productId });
      return {
        mutation: { as: customer.headers, query: 'mutation($p: ID!) { removeFromWishlist(productId: $p) { id } }', variables: { p: productId } },
        reads: wishlistReads(customer, productId, false),
      };
    },
  },
  {
    field: 'Mutation.moveWishlistItemToCart',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const productId = await shop.product(shop.unique('Moved Magnolias'));
      await shop.run(customer.headers, 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', { p: productId });
      const { createCart } = await shop.run(customer.headers, 'mutation { createCart { id } }');
      return {
        mutation: {
          as: customer.headers,
          query: 'mutation($p: ID!, $c: ID) { moveWishlistItemToCart(productId: $p, cartId: $c) { cart { id } } }',
          variables: { p: productId, c: createCart.id },
        },
        reads: [
          ...wishlistReads(customer, productId, false),
          {
            who: 'the customer',
            as: customer.headers,
            cache: 'MISS',
            query: 'query($id: ID!) { cart(id: $id) { lines { product { id } quantity } } }',
            variables: { id: createCart.id },
            shows: (data) => expect(data.cart.lines).toEqual([{ product: { id: productId }, quantity: 1 }]),
          },
        ],
      };
    },
  },
];
