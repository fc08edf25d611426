import { z } from 'zod';
import { storeEnv, url } from '../../runtime/config';
import { consumerEnv, dedupEnv, eventsEnv } from '../../runtime/events/events-env';
import { byKeyLoader } from '../../runtime/loaders';
import { connectRedis } from '../../runtime/stores/redis';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { CartContext, CartLoaders, CartStores } from './context';
import { startOrderEventsConsumer } from './events/order-events.consumer';
import { cartPermissions } from './permissions';
import { CartResolver, resolveCartReference } from './resolvers/cart.resolver';
import { CartLineResolver, CartTotalsResolver, resolveCartLineReference, resolveCartTotalsReference } from './resolvers/priced.resolver';
import { CartStore } from './store/cart.store';
import { CatalogClient } from './clients/catalog.client';
import { consumerContext } from '../../runtime/events/consumer';

export const cartSubgraph = defineSubgraph({
  name: 'cart',
  defaultPort: 3005,
  env: {
    REDIS_URL: storeEnv.REDIS_URL,
    // Sliding expiry, as the original system's `cart:{id}` keys: 24 hours after the last change.
    CART_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
    // The catalog subgraph's GraphQL endpoint: stock and availability are checked there when a line changes.
    CATALOG_URL: url(['http', 'https'], 'http://127.0.0.1:3002/graphql'),
    RABBITMQ_URL: eventsEnv.RABBITMQ_URL,
    ...consumerEnv,
    // How long the marker of an applied order event lives (Redis expires it).
    ...dedupEnv,
  },
  schema: () =>
    buildFederatedSchema<CartContext>({
      resolvers: [CartResolver, CartLineResolver, CartTotalsResolver],
      references: { Cart: resolveCartReference, CartLine: resolveCartLineReference, CartTotals: resolveCartTotalsReference },
    }),
  openStores: async (config, logger, registry) => {
    const redis = await connectRedis(config.REDIS_URL, 'cart');
    try {
      const stores: CartStores = { carts: new CartStore(redis.redis, config.CART_TTL_SECONDS, config.EVENTS_DEDUP_RETENTION_SECONDS), catalog: new CatalogClient(config.CATALOG_URL) };
      // Checked-out lines leave the cart when the orders service says the order was placed.
      const consumer = await startOrderEventsConsumer(consumerContext(config, logger, registry), stores.carts);
      return {
        stores,
        readiness: [redis.readiness],
        close: async () => {
          // Stop taking events first: one being handled still needs Redis.
          await consumer.close();
          await redis.close();
        },
      };
    } catch (error) {
      await redis.close();
      throw error;
    }
  },
  loaders: (stores: CartStores): CartLoaders => ({
    cartById: byKeyLoader((ids) => stores.carts.findByIds(ids), (cart) => cart.id),
    catalogProductById: byKeyLoader((ids) => stores.catalog.findByIds(ids), (product) => product.id),
  }),
  permissions: cartPermissions,
});
