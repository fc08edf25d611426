import { z } from 'zod';
import { peerUrl, storeEnv } from '../../runtime/config';

/** Everything the wishlist subgraph reads from the environment, checked at start. */
export const wishlistSubgraphEnv = {
  MONGODB_URL: storeEnv.MONGODB_URL,
  // Keeps one user's list (and each read of it) bounded.
  WISHLIST_MAX_ITEMS: z.coerce.number().int().positive().max(1_000).default(200),
  // The cart subgraph's GraphQL endpoint: moving an item to a cart goes through its public API.
  CART_URL: peerUrl('cart'),
};

export type WishlistSubgraphConfig = z.infer<z.ZodObject<typeof wishlistSubgraphEnv>>;
