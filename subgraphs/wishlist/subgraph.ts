import { z } from 'zod';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { connectMongo } from '../../runtime/stores/mongo';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { WishlistContext, WishlistLoaders, WishlistStores } from './context';
import { wishlistPermissions } from './permissions';
import { WishlistResolver, resolveWishlistReference } from './resolvers/wishlist.resolver';
import { WishlistStore } from './store/wishlist.store';

export const wishlistSubgraph = defineSubgraph({
  name: 'wishlist',
  defaultPort: 3006,
  env: {
    MONGODB_URL: storeEnv.MONGODB_URL,
    // Keeps one user's list (and each read of it) bounded.
    WISHLIST_MAX_ITEMS: z.coerce.number().int().positive().max(1_000).default(200),
  },
  schema: () =>
    buildFederatedSchema<WishlistContext>({
      resolvers: [WishlistResolver],
      references: { Wishlist: resolveWishlistReference },
    }),
  openStores: async (config) => {
    const mongo = await connectMongo(config.MONGODB_URL, 'wishlist');
    try {
      const wishlists = new WishlistStore(mongo.db, config.WISHLIST_MAX_ITEMS);
      await wishlists.ensureIndexes();
      return { stores: { wishlists } satisfies WishlistStores, readiness: [mongo.readiness], close: mongo.close };
    } catch (error) {
      await mongo.close(); // the runtime only closes stores it was handed
      throw error;
    }
  },
  loaders: (stores: WishlistStores): WishlistLoaders => ({
    wishlistById: byKeyLoader((ids) => stores.wishlists.findByIds(ids), (wishlist) => wishlist.id),
  }),
  permissions: wishlistPermissions,
});
