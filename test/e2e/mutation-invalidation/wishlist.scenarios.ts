import { expect } from 'vitest';
import type { Caller, MutationInvalidation, Plan, Read, Shop } from './types';

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

const GUEST_WISHLIST = 'query($id: ID!) { guestWishlist(id: $id) { itemCount merged items { product { id } } } }';
const GUEST_UNCACHED = 'guest wishlists are never cached (GuestWishlist has no cache hint): every read of one goes to the wishlist subgraph';

/** A new guest wishlist, holding a new product when `wished`; its token and the product. */
async function guestWishlist(shop: Shop, name: string, wished: boolean): Promise<{ id: string; productId: string }> {
  const productId = await shop.product(shop.unique(name));
  const { createGuestWishlist } = await shop.run({}, 'mutation { createGuestWishlist { id } }');
  if (wished) {
    await shop.run({}, 'mutation($g: ID!, $p: ID!) { addToGuestWishlist(guestWishlistId: $g, productId: $p) { id } }', {
      g: createGuestWishlist.id,
      p: productId,
    });
  }
  return { id: createGuestWishlist.id, productId };
}

/** The guest reading their wishlist after `query` changed it. */
function guestChange({ id, productId }: { id: string; productId: string }, query: string, wished: boolean): Plan {
  return {
    mutation: { as: {}, query, variables: { g: id, p: productId } },
    reads: [
      {
        who: 'the guest',
        as: {},
        cache: 'MISS',
        query: GUEST_WISHLIST,
        variables: { id },
        shows: (data) => expect(data.guestWishlist.items.map((item: any) => item.product.id)).toEqual(wished ? [productId] : []),
      },
    ],
  };
}

/** A customer's wishlist, as their product pages show it; a guest's, as it shows itself. */
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
  {
    field: 'Mutation.createGuestWishlist',
    exempt: 'a new guest wishlist: nothing of it existed to be read (cached) before, and guest wishlists are never cached',
  },
  {
    field: 'Mutation.addToGuestWishlist',
    uncachedBecause: GUEST_UNCACHED,
    arrange: async (shop) =>
      guestChange(
        await guestWishlist(shop, 'Guest Gardenias', false),
        'mutation($g: ID!, $p: ID!) { addToGuestWishlist(guestWishlistId: $g, productId: $p) { id } }',
        true,
      ),
  },
  {
    field: 'Mutation.removeFromGuestWishlist',
    uncachedBecause: GUEST_UNCACHED,
    arrange: async (shop) =>
      guestChange(
        await guestWishlist(shop, 'Unwished Gardenias', true),
        'mutation($g: ID!, $p: ID!) { removeFromGuestWishlist(guestWishlistId: $g, productId: $p) { id } }',
        false,
      ),
  },
  {
    // The account's product pages were cached with `wishlisted: false`; the merge changes the account's wishlist.
    field: 'Mutation.mergeGuestWishlist',
    arrange: async (shop) => {
      const customer = await shop.customer();
      const guest = await guestWishlist(shop, 'Merged Gardenias', true);
      return {
        mutation: { as: customer.headers, query: 'mutation($g: ID!) { mergeGuestWishlist(guestWishlistId: $g) { id } }', variables: { g: guest.id } },
        reads: [
          ...wishlistReads(customer, guest.productId, true),
          {
            who: 'the guest',
            as: {},
            cache: 'MISS',
            query: GUEST_WISHLIST,
            variables: { id: guest.id },
            shows: (data) => expect(data.guestWishlist).toMatchObject({ merged: true, itemCount: 0 }),
          },
        ],
      };
    },
  },
];
