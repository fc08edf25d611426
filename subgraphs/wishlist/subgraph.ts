import DataLoader from 'dataloader';
import { byKeyLoader } from '../../runtime/loaders';
import { startRetentionSweeper } from '../../runtime/events/retention';
import { connectMongo } from '../../runtime/stores/mongo';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import { SERVICE_PORTS } from '../../runtime/service-ports';
import { CartClient } from './clients/cart.client';
import { wishlistSubgraphEnv } from './config';
import type { WishedProduct, WishlistContext, WishlistLoaders, WishlistProviders } from './context';
import { wishlistPermissions } from './permissions';
import { resolveProductReference, WishlistProductResolver } from './resolvers/wishlist-product.resolver';
import { GuestWishlistResolver } from './resolvers/guest-wishlist.resolver';
import { WishlistResolver, resolveWishlistReference } from './resolvers/wishlist.resolver';
import { GuestWishlistStore } from './store/guest-wishlist.store';
import { WishlistStore } from './store/wishlist.store';

export const wishlistSubgraph = defineSubgraph({
  name: 'wishlist',
  defaultPort: SERVICE_PORTS.wishlist,
  env: wishlistSubgraphEnv,
  schema: () =>
    buildFederatedSchema<WishlistContext>({
      resolvers: [WishlistResolver, GuestWishlistResolver, WishlistProductResolver],
      references: { Wishlist: resolveWishlistReference, Product: resolveProductReference },
    }),
  openStores: async (config, logger) => {
    const mongo = await connectMongo(config.MONGODB_URL, 'wishlist');
    try {
      const wishlists = new WishlistStore(mongo.db, config.WISHLIST_MAX_ITEMS);
      const guestWishlists = new GuestWishlistStore(mongo.db, config.WISHLIST_MAX_ITEMS);
      await Promise.all([wishlists.ensureIndexes(), guestWishlists.ensureIndexes()]);
      const cart = new CartClient(config.CART_URL);
      // Guest wishlists nobody changed for their time to live go, with their items; so do old records of merges.
      const guestRetention = startRetentionSweeper(
        'guest wishlists',
        (cutoff, limit) => guestWishlists.prune(cutoff, limit),
        { retentionMs: guestWishlists.ttlMs },
        logger,
      );
      return {
        providers: { wishlists, guestWishlists, cart } satisfies WishlistProviders,
        readiness: [mongo.readiness],
        close: async () => {
          await guestRetention.stop(); // a sweep under way still needs MongoDB
          await mongo.close();
        },
      };
    } catch (error) {
      await mongo.close(); // the runtime only closes stores it was handed
      throw error;
    }
  },
  loaders: (providers: WishlistProviders): WishlistLoaders => ({
    wishlistById: byKeyLoader(
      (ids) => providers.wishlists.findByIds(ids),
      (wishlist) => wishlist.id,
    ),
    // One query per caller for all the products of a request (a page of products is one batch).
    inWishlist: new DataLoader((keys: readonly WishedProduct[]) => wishedAmong(providers, keys), {
      cacheKeyFn: ({ userId, productId }) => JSON.stringify([userId, productId]),
    }),
  }),
  permissions: wishlistPermissions,
});

/** In a request all keys have the caller's user id; grouping keeps the loader right if that ever changes. */
async function wishedAmong(providers: WishlistProviders, keys: readonly WishedProduct[]): Promise<boolean[]> {
  const byUser = new Map<string, string[]>();
  for (const { userId, productId } of keys) byUser.set(userId, [...(byUser.get(userId) ?? []), productId]);
  const wished = new Map(
    await Promise.all([...byUser].map(async ([userId, productIds]) => [userId, await providers.wishlists.wishedAmong(userId, productIds)] as const)),
  );
  return keys.map(({ userId, productId }) => wished.get(userId)!.has(productId));
}
