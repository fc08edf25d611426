import { z } from 'zod';
import { storeEnv, url } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { connectRedis } from '../../runtime/stores/redis';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { CartContext, CartLoaders, CartStores } from './context';
import { cartPermissions } from './permissions';
import { CartResolver, resolveCartReference } from './resolvers/cart.resolver';
import { CartLineResolver, CartTotalsResolver, resolveCartLineReference, resolveCartTotalsReference } from './resolvers/priced.resolver';
import { CartStore } from './store/cart.store';
import { CatalogClient } from './store/catalog.client';

export const cartSubgraph = defineSubgraph({
  name: 'cart',
  defaultPort: 3005,
  env: {
    REDIS_URL: storeEnv.REDIS_URL,
    // Sliding expiry, as the original system's `cart:{id}` keys: 24 hours after the last change.
    CART_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
    // The catalog subgraph's GraphQL endpoint: stock and availability are checked there when a line changes.
    CATALOG_URL: url(['http', 'https'], 'http://127.0.0.1:3002/graphql'),
  },
  schema: () =>
    buildFederatedSchema<CartContext>({
      resolvers: [CartResolver, CartLineResolver, CartTotalsResolver],
      references: { Cart: resolveCartReference, CartLine: resolveCartLineReference, CartTotals: resolveCartTotalsReference },
    }),
  openStores: async (config) => {
    const redis = await connectRedis(config.REDIS_URL, 'cart');
    const stores: CartStores = { carts: new CartStore(redis.redis, config.CART_TTL_SECONDS), catalog: new CatalogClient(config.CATALOG_URL) };
    return { stores, readiness: [redis.readiness], close: redis.close };
  },
  loaders: (stores: CartStores): CartLoaders => ({
    cartById: byKeyLoader((ids) => stores.carts.findByIds(ids), (cart) => cart.id),
    catalogProductById: byKeyLoader((ids) => stores.catalog.findByIds(ids), (product) => product.id),
  }),
  permissions: cartPermissions,
});
