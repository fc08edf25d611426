import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Wishlist } from './entities/wishlist';
import type { WishlistStore } from './store/wishlist.store';

export interface WishlistStores {
  wishlists: WishlistStore;
}

export interface WishlistLoaders {
  wishlistById: DataLoader<string, Wishlist | null>;
}

export type WishlistContext = SubgraphContext<WishlistStores, WishlistLoaders>;
