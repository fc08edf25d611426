import { randomUUID } from 'node:crypto';
import { unique } from '../../support/graphql';
import { createProductAsStaff, dataOf } from './catalog.expectations';
import type { SubgraphExpectations } from './types';

/** Changing the customer's own cart: the owner only; staff may look but not touch. */
const OWNER_ONLY = { anonymous: 'UNAUTHENTICATED', customer: 'allowed', otherCustomer: 'FORBIDDEN', staff: 'FORBIDDEN', admin: 'FORBIDDEN' } as const;

/**
 * The fixture cart is the customer's (created signed in, so bound to them). Guest carts, which anyone
 * holding the id may use, are covered by the cart subgraph's own tests.
 */
export const cartExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const product = await createProductAsStaff(call, 'RBAC Cart Lilies');
    const { createCart } = dataOf(await call('customer', 'mutation { createCart { id } }'), 'createCart');
    dataOf(
      await call('customer', 'mutation($cartId: ID!, $productId: ID!) { addCartLine(cartId: $cartId, productId: $productId, quantity: 1) { id } }', {
        cartId: createCart.id,
        productId: product.id,
      }),
      'addCartLine',
    );
    return { cartId: createCart.id, cartProductId: product.id };
  },
  fields: [
    {
      field: 'Query.cart',
      operation: ({ ids }) => ({ query: 'query($id: ID!) { cart(id: $id) { id itemCount lines { quantity } } }', variables: { id: ids.cartId } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.myCart',
      operation: () => ({ query: 'query { myCart { id itemCount } }' }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Mutation.createCart',
      operation: () => ({ query: 'mutation { createCart { id } }' }),
      anonymous: 'allowed',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Mutation.addCartLine',
      operation: ({ ids }) => ({
        query: 'mutation($cartId: ID!, $productId: ID!) { addCartLine(cartId: $cartId, productId: $productId, quantity: 1) { id itemCount } }',
        variables: { cartId: ids.cartId, productId: ids.cartProductId },
      }),
      ...OWNER_ONLY,
    },
    {
      field: 'Mutation.setCartLineQuantity',
      operation: ({ ids }) => ({
        query: 'mutation($cartId: ID!, $productId: ID!) { setCartLineQuantity(cartId: $cartId, productId: $productId, quantity: 2) { id itemCount } }',
        variables: { cartId: ids.cartId, productId: ids.cartProductId },
      }),
      ...OWNER_ONLY,
    },
    {
      field: 'Mutation.removeCartLine',
      operation: ({ ids }) => ({
        query: 'mutation($cartId: ID!, $productId: ID!) { removeCartLine(cartId: $cartId, productId: $productId) { id itemCount } }',
        variables: { cartId: ids.cartId, productId: unique('rbac-p') },
      }),
      ...OWNER_ONLY,
    },
    {
      field: 'Mutation.clearCart',
      operation: ({ ids }) => ({ query: 'mutation($cartId: ID!) { clearCart(cartId: $cartId) { id itemCount } }', variables: { cartId: ids.cartId } }),
      ...OWNER_ONLY,
    },
    {
      // Any signed-in caller may merge a guest cart (a bearer object) into their own cart; merging someone
      // else's owned cart (FORBIDDEN) is covered by the cart subgraph's tests. An unknown id merges nothing.
      field: 'Mutation.mergeGuestCart',
      operation: () => ({
        query: 'mutation($guestCartId: ID!) { mergeGuestCart(guestCartId: $guestCartId) { id } }',
        variables: { guestCartId: randomUUID() },
      }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
  ],
};
