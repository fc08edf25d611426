import { byKeyLoader } from '../../runtime/loaders';
import { connectRedis } from '../../runtime/stores/redis';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import { cartSubgraphEnv } from './config';
import type { CartContext, CartLoaders, CartProviders } from './context';
import { startOrderEventsConsumer } from './events/order-events.consumer';
import { cartPermissions } from './permissions';
import { CartResolver, resolveCartReference } from './resolvers/cart.resolver';
import { CartLineResolver, CartTotalsResolver, resolveCartLineReference, resolveCartTotalsReference } from './resolvers/priced.resolver';
import { cartFunnelMetrics } from './store/cart-funnel-metrics';
import { CartStore } from './store/cart.store';
import { CatalogClient } from './clients/catalog.client';
import { consumerContext } from '../../runtime/events/consumer';
import { SERVICE_PORTS } from '../../runtime/service-ports';

export const cartSubgraph = defineSubgraph({
  name: 'cart',
  defaultPort: SERVICE_PORTS.cart,
  env: cartSubgraphEnv,
  schema: () =>
    buildFederatedSchema<CartContext>({
      resolvers: [CartResolver, CartLineResolver, CartTotalsResolver],
      references: { Cart: resolveCartReference, CartLine: resolveCartLineReference, CartTotals: resolveCartTotalsReference },
    }),
  openStores: async (config, logger, registry) => {
    const redis = await connectRedis(config.REDIS_URL, 'cart');
    try {
      const providers: CartProviders = {
        carts: new CartStore(redis.redis, config.CART_TTL_SECONDS, config.EVENTS_DEDUP_RETENTION_SECONDS),
        catalog: new CatalogClient(config.CATALOG_URL),
      };
      cartFunnelMetrics(registry, providers.carts);
      // Checked-out lines leave the cart when the orders service says the order was placed.
      const consumer = await startOrderEventsConsumer(consumerContext(config, logger, registry), providers.carts);
      return {
        providers,
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
  loaders: (providers: CartProviders): CartLoaders => ({
    cartById: byKeyLoader(
      (ids) => providers.carts.findByIds(ids),
      (cart) => cart.id,
    ),
    catalogProductById: byKeyLoader(
      (ids) => providers.catalog.findByIds(ids),
      (product) => product.id,
    ),
  }),
  permissions: cartPermissions,
});
