import type { IRules } from 'graphql-shield';
import { allow, isAuthenticated, isOwnerOrStaff, isStaff } from '../../runtime/auth/rules';
import type { Wishlist, WishlistItem } from './entities/wishlist';

/**
 * A wishlist is its owner's: they read and change their own (`myWishlist`, `addToWishlist`,
 * `removeFromWishlist`, `moveWishlistItemToCart`, which take the owner from the token), and staff may read anyone's. Every field of a
 * wishlist and its items checks the owner, so one reached through `_entities` shows nothing to anyone else. A guest
 * wishlist is a bearer object, as a guest cart is: its id is a random token, and whoever holds it may read and change
 * it; merging it (`mergeGuestWishlist`) needs a signed-in caller, and only ever fills the caller's own wishlist.
 */
export const wishlistPermissions: IRules = {
  Query: {
    myWishlist: isAuthenticated,
    wishlist: isStaff,
    // A guest wishlist is a bearer object, as a guest cart is: whoever holds its id (a random UUID) may use it.
    guestWishlist: allow,
  },
  Mutation: {
    addToWishlist: isAuthenticated,
    removeFromWishlist: isAuthenticated,
    moveWishlistItemToCart: isAuthenticated,
    createGuestWishlist: allow,
    addToGuestWishlist: allow,
    removeFromGuestWishlist: allow,
    // Into the caller's own wishlist (from the token), never anyone else's.
    mergeGuestWishlist: isAuthenticated,
  },
  Wishlist: isOwnerOrStaff('wishlist.Wishlist', (wishlist: Wishlist) => wishlist.userId),
  WishlistItem: isOwnerOrStaff('wishlist.WishlistItem', (item: WishlistItem) => item.ownerId),
  MoveWishlistItemToCartPayload: isAuthenticated,
  // Reached only through the guest wishlist fields above, by whoever holds the token.
  GuestWishlist: allow,
  GuestWishlistItem: allow,
  // The catalog's Product as this subgraph extends it: public; `wishlisted` (and the deprecated `inWishlist`) answers for the caller only (false when anonymous).
  Product: { id: allow, wishlisted: allow, inWishlist: allow },
  Cart: { id: allow },
  User: { id: allow },
};
