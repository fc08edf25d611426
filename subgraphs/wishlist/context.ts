import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { CartClient } from './clients/cart.client';
import type { Wishlist } from './entities/wishlist';
import type { GuestWishlistStore } from './store/guest-wishlist.store';
import type { WishlistStore } from './store/wishlist.store';

export interface WishlistProviders {
  wishlists: WishlistStore;
  /** Wishlists kept before sign-in, merged into the account's on sign-in. */
  guestWishlists: GuestWishlistStore;
  /** The cart subgraph's API, where `moveWishlistItemToCart` puts the product. */
  cart: CartClient;
}

/** One product in one user's wishlist: the key of the `inWishlist` loader. */
export interface WishedProduct {
  userId: string;
  productId: string;
}

export interface WishlistLoaders {
  wishlistById: DataLoader<string, Wishlist | null>;
  inWishlist: DataLoader<WishedProduct, boolean, string>;
}

export type WishlistContext = SubgraphContext<WishlistProviders, WishlistLoaders>;
