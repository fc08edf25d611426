import { and, rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { isStaff, type Identity } from '../../runtime/auth/identity';
import { allow, forbiddenError, isAuthenticated, unauthenticatedError } from '../../runtime/auth/rules';
import type { DomainError } from '../../runtime/errors';
import type { CartContext } from './context';
import type { Cart } from './entities/cart';

type Use = 'read' | 'change';

/**
 * A guest cart is a bearer object: whoever holds its id may read and change it. A cart created signed in
 * belongs to its owner alone; staff may read it (to help a customer) but not change it. Anyone else
 * presenting its id is refused with FORBIDDEN (UNAUTHENTICATED when anonymous), never served.
 */
function cartAccess(cart: Pick<Cart, 'ownerId'>, identity: Identity | null, use: Use): true | DomainError {
  if (cart.ownerId === null) return true;
  if (!identity) return unauthenticatedError();
  if (identity.accountId === cart.ownerId) return true;
  return use === 'read' && isStaff(identity) ? true : forbiddenError();
}

/** Every field of a cart, its lines and totals, however it was reached (`cart`, a mutation, or `_entities`). */
const mayReadThisCart = rule('mayReadThisCart', { cache: 'no_cache' })((parent: Pick<Cart, 'ownerId'>, _args, context: CartContext) =>
  cartAccess(parent, context.identity, 'read'),
);

/**
 * Root fields naming a cart by id: checked once up front (one clear error, and no change to a cart that is
 * not the caller's). An unknown id passes, for the resolver to answer null or NOT_FOUND. The cart is loaded
 * through the request's loader, so the resolver does not fetch it again. A failing store is reported as
 * such, not turned into FORBIDDEN (graphql-shield treats a thrown error as a refusal).
 */
const mayUseNamedCart = (name: string, argument: 'id' | 'cartId' | 'guestCartId', use: Use) =>
  rule(name, { cache: 'strict' })((_parent, args: Record<string, string>, context: CartContext) =>
    context.loaders.cartById.load(args[argument]).then(
      (cart) => (cart ? cartAccess(cart, context.identity, use) : true),
      (error: Error) => error,
    ),
  );

const mayChangeNamedCart = mayUseNamedCart('mayChangeNamedCart', 'cartId', 'change');

export const cartPermissions: IRules = {
  Query: {
    cart: mayUseNamedCart('mayReadNamedCart', 'id', 'read'),
    myCart: isAuthenticated,
  },
  Mutation: {
    createCart: allow,
    addCartLine: mayChangeNamedCart,
    setCartLineQuantity: mayChangeNamedCart,
    removeCartLine: mayChangeNamedCart,
    clearCart: mayChangeNamedCart,
    // Into the caller's own cart, from a guest cart (or another of their own): never from someone else's.
    mergeGuestCart: and(isAuthenticated, mayUseNamedCart('mayMergeNamedCart', 'guestCartId', 'change')),
  },
  Cart: mayReadThisCart,
  CartLine: mayReadThisCart,
  CartTotals: mayReadThisCart,
  Product: allow,
  Money: allow,
};
