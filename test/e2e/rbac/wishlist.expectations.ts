import { randomUUID } from 'node:crypto';
import { unique } from '../../support/graphql';
import { createProductAsStaff, dataOf } from './catalog.expectations';
import type { SubgraphExpectations } from './types';

const SIGNED_IN = { anonymous: 'UNAUTHENTICATED', customer: 'allowed', otherCustomer: 'allowed', staff: 'allowed', admin: 'allowed' } as const;
const ANYONE = { anonymous: 'allowed', customer: 'allowed', otherCustomer: 'allowed', staff: 'allowed', admin: 'allowed' } as const;

/**
 * Everyone signed in has their own wishlist (taken from the token); staff may read anyone's. A guest wishlist is
 * whoever holds its token's; merging one needs a signed-in caller (and fills only their own).
 */
export const wishlistExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const product = await createProductAsStaff(call, 'RBAC Wishlist Orchid');
    dataOf(await call('customer', 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', { p: product.id }), 'addToWishlist');
    const { createGuestWishlist } = dataOf(await call('anonymous', 'mutation { createGuestWishlist { id } }'), 'createGuestWishlist');
    return { wishlistProductId: product.id, guestWishlistId: createGuestWishlist.id };
  },
  fields: [
    { field: 'Query.myWishlist', operation: () => ({ query: 'query { myWishlist { id itemCount items { product { id } } } }' }), ...SIGNED_IN },
    {
      field: 'Query.wishlist',
      operation: ({ customer }) => ({ query: 'query($u: ID!) { wishlist(userId: $u) { id itemCount } }', variables: { u: customer.accountId } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'FORBIDDEN',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Mutation.addToWishlist',
      operation: () => ({ query: 'mutation($p: ID!) { addToWishlist(productId: $p) { id itemCount } }', variables: { p: unique('rbac-p') } }),
      ...SIGNED_IN,
    },
    {
      field: 'Mutation.removeFromWishlist',
      operation: () => ({ query: 'mutation($p: ID!) { removeFromWishlist(productId: $p) { id itemCount } }', variables: { p: unique('rbac-p') } }),
      ...SIGNED_IN,
    },
    {
      field: 'Query.guestWishlist',
      operation: ({ ids }) => ({
        query: 'query($g: ID!) { guestWishlist(id: $g) { id itemCount items { product { id } } } }',
        variables: { g: ids.guestWishlistId },
      }),
      ...ANYONE,
    },
    { field: 'Mutation.createGuestWishlist', operation: () => ({ query: 'mutation { createGuestWishlist { id expiresAt } }' }), ...ANYONE },
    {
      field: 'Mutation.addToGuestWishlist',
      operation: ({ ids }) => ({
        query: 'mutation($g: ID!, $p: ID!) { addToGuestWishlist(guestWishlistId: $g, productId: $p) { id itemCount } }',
        variables: { g: ids.guestWishlistId, p: unique('rbac-p') },
      }),
      ...ANYONE,
    },
    {
      field: 'Mutation.removeFromGuestWishlist',
      operation: ({ ids }) => ({
        query: 'mutation($g: ID!, $p: ID!) { removeFromGuestWishlist(guestWishlistId: $g, productId: $p) { id itemCount } }',
        variables: { g: ids.guestWishlistId, p: unique('rbac-p') },
      }),
      ...ANYONE,
    },
    {
      field: 'Mutation.mergeGuestWishlist',
      // A token never given: merges nothing, for everyone signed in (merging itself is covered by the subgraph's tests).
      operation: () => ({ query: 'mutation($g: ID!) { mergeGuestWishlist(guestWishlistId: $g) { id itemCount } }', variables: { g: randomUUID() } }),
      ...SIGNED_IN,
    },
    {
      field: 'Mutation.moveWishlistItemToCart',
      // A product in nobody's wishlist: NOT_FOUND for everyone signed in, before the cart is asked (moving itself is covered by the subgraph's tests).
      operation: () => ({
        query: 'mutation($p: ID!) { moveWishlistItemToCart(productId: $p) { cart { id } wishlist { itemCount } } }',
        variables: { p: unique('rbac-p') },
      }),
      ...SIGNED_IN,
    },
  ],
};
