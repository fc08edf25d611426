import { z } from 'zod';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { connectRedis } from '../../runtime/stores/redis';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { CartContext, CartLoaders, CartStores } from './context';
import { cartPermissions } from './permissions';
import { CartResolver, resolveCartReference } from './resolvers/cart.resolver';
import { CartStore } from './store/cart.store';

export const cartSubgraph = defineSubgraph({
  name: 'cart',
  defaultPort: 3005,
  env: {
    REDIS_URL: storeEnv.REDIS_URL,
    // Sliding expiry, as the original system's `cart:{id}` keys: 24 hours after the last change.
    CART_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
  },
  schema: () => buildFederatedSchema<CartContext>({ resolvers: [CartResolver], references: { Cart: resolveCartReference } }),
  openStores: async (config) => {
    const redis = await connectRedis(config.REDIS_URL, 'cart');
    const stores: CartStores = { carts: new CartStore(redis.redis, config.CART_TTL_SECONDS) };
    return { stores, readiness: [redis.readiness], close: redis.close };
  },
  loaders: (stores: CartStores): CartLoaders => ({
    cartById: byKeyLoader((ids) => stores.carts.findByIds(ids), (cart) => cart.id),
  }),
  permissions: cartPermissions,
});
