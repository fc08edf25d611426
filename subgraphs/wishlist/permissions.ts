import type { IRules } from 'graphql-shield';
import { allow, isAuthenticated, isOwnerOrStaff, isStaff } from '../../runtime/auth/rules';
import type { Wishlist, WishlistItem } from './entities/wishlist';

/**
 * A wishlist is its owner's: they read and change their own (`myWishlist`, `addToWishlist`,
 * `removeFromWishlist`, `moveWishlistItemToCart`, which take the owner from the token), and staff may read anyone's. Every field of a
 * wishlist and its items checks the owner, so one reached through `_entities` shows nothing to anyone else.
 */
export const wishlistPermissions: IRules = {
  Query: {
    myWishlist: isAuthenticated,
    wishlist: isStaff,
  },
  Mutation: {
    addToWishlist: isAuthenticated,
    removeFromWishlist: isAuthenticated,
    moveWishlistItemToCart: isAuthenticated,
  },
  Wishlist: isOwnerOrStaff('wishlist.Wishlist', (wishlist: Wishlist) => wishlist.userId),
  WishlistItem: isOwnerOrStaff('wishlist.WishlistItem', (item: WishlistItem) => item.ownerId),
  MoveWishlistItemToCartPayload: isAuthenticated,
  // The catalog's Product as this subgraph extends it: public; `wishlisted` (and the deprecated `inWishlist`) answers for the caller only (false when anonymous).
  Product: { id: allow, wishlisted: allow, inWishlist: allow },
  Cart: { id: allow },
  User: { id: allow },
};
