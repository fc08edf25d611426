import { PrismaClient } from '../../prisma/orders/client/client';
import { connectWithOutbox } from '../../runtime/events/outboxed-connections';
import { startRetentionSweeper } from '../../runtime/events/retention';
import { byKeyLoader, groupedLoader } from '../../runtime/loaders';
import type { Registry } from 'prom-client';
import type { Logger } from '../../runtime/logger';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph, type OpenedStores } from '../../runtime/subgraph/definition';
import { SERVICE_PORTS } from '../../runtime/service-ports';
import { CartClient } from './clients/cart.client';
import { CatalogClient } from './clients/catalog.client';
import { UsersClient } from './clients/users.client';
import { ordersSubgraphEnv, type OrdersSubgraphConfig } from './config';
import type { OrdersContext, OrdersLoaders, OrdersProviders } from './context';
import { ordersPermissions } from './permissions';
import { CheckoutResolver } from './resolvers/checkout.resolver';
import { CustomerResolver, resolveCustomerReference } from './resolvers/customer.resolver';
import { OrderChangeLogResolver } from './resolvers/order-change-log.resolver';
import { OrderFieldsResolver } from './resolvers/order-fields.resolver';
import { OrderLineResolver } from './resolvers/order-line.resolver';
import { OrderStatusResolver } from './resolvers/order-status.resolver';
import { OrderSubscriptionResolver } from './resolvers/order-subscription.resolver';
import { OrderResolver, resolveOrderReference } from './resolvers/order.resolver';
import { CheckoutService } from './service/checkout.service';
import { DeliveryService, systemClock } from './service/delivery.service';
import { DeliveryResolver } from './resolvers/delivery.resolver';
import { DeliverySlotDayResolver, OrderDeliveryDayResolver } from './resolvers/delivery-days.resolver';
import { DeliveryZoneStore } from './store/delivery-zones';
import { reservationMetrics } from './service/reservation-metrics';
import { startReservationSweeper, sweepTimingFor } from './service/reservation-sweeper';
import { CheckoutIntents } from './store/checkout-intents';
import { orderMetrics } from './store/order-metrics';
import { OrderStore } from './store/order.store';
import { OrderWriter } from './store/order-writer';

/**
 * PostgreSQL for orders, their event logs, the outbox and the checkout intents; RabbitMQ (through the outbox relay)
 * for events. RabbitMQ is not a readiness check: while it is down, events wait in the outbox. Every replica runs the
 * reservation sweeper (and prunes old finished intents); they share the work.
 */
async function openOrdersStores(config: OrdersSubgraphConfig, logger: Logger, registry: Registry): Promise<OpenedStores<OrdersProviders>> {
  const connections = await connectWithOutbox(PrismaClient, 'orders', config, logger, registry);
  const orders = new OrderStore(connections.prisma);
  const writer = new OrderWriter(connections.prisma, connections.wakeRelay);
  const intents = new CheckoutIntents(connections.prisma, config.ORDERS_RESERVATION_TIMEOUT_SECONDS);
  const catalog = new CatalogClient(config.CATALOG_URL, config.INTERNAL_SECRET);
  const metrics = reservationMetrics(registry, intents);
  orderMetrics(registry, orders);
  const timing = sweepTimingFor(config.ORDERS_RESERVATION_TIMEOUT_SECONDS);
  const zones = new DeliveryZoneStore(connections.prisma);
  const clock = systemClock();
  const delivery = new DeliveryService({ zones, clock, timeZone: config.SHOP_TIME_ZONE });
  const checkout = new CheckoutService({
    orders,
    writer,
    intents,
    cart: new CartClient(config.CART_URL),
    catalog,
    users: new UsersClient(config.USERS_URL),
    delivery,
    metrics,
    releaseRetrySeconds: timing.backoff.baseSeconds,
  });
  const sweeper = startReservationSweeper({ intents, catalog, logger, ...timing, metrics });
  const retention = startRetentionSweeper(
    'finished checkout intents',
    (cutoff, limit) => intents.prune(cutoff, limit),
    { retentionMs: config.ORDERS_RESERVATION_RETENTION_SECONDS * 1000 },
    logger,
  );
  return {
    providers: { orders, writer, intents, checkout, zones, delivery, clock, sweeper },
    readiness: connections.readiness,
    close: async () => {
      await Promise.all([sweeper.stop(), retention.stop()]); // while the database is still open
      await connections.close();
    },
  };
}

export const ordersSubgraph = defineSubgraph({
  name: 'orders',
  defaultPort: SERVICE_PORTS.orders,
  env: ordersSubgraphEnv,
  schema: () =>
    buildFederatedSchema<OrdersContext>({
      resolvers: [
        OrderResolver,
        OrderFieldsResolver,
        OrderLineResolver,
        CheckoutResolver,
        DeliveryResolver,
        OrderDeliveryDayResolver,
        DeliverySlotDayResolver,
        OrderStatusResolver,
        CustomerResolver,
        OrderSubscriptionResolver,
        OrderChangeLogResolver,
      ],
      references: { Order: resolveOrderReference, User: resolveCustomerReference },
    }),
  openStores: openOrdersStores,
  loaders: (providers: OrdersProviders): OrdersLoaders => ({
    orderById: byKeyLoader(
      (ids) => providers.orders.findByIds(ids),
      (order) => order.id,
    ),
    linesByOrderId: groupedLoader(
      (orderIds) => providers.orders.linesOf(orderIds),
      (line) => line.orderId,
    ),
    eventsByOrderId: groupedLoader(
      (orderIds) => providers.orders.eventsOf(orderIds),
      (event) => event.orderId,
    ),
  }),
  permissions: ordersPermissions,
});
