import { PrismaClient } from '../../prisma/orders/client/client';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader, groupedLoader } from '../../runtime/loaders';
import { openPrismaStores } from '../../runtime/stores/prisma';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { OrdersContext, OrdersLoaders, OrdersStores } from './context';
import { ordersPermissions } from './permissions';
import { OrderResolver, resolveOrderReference } from './resolvers/order.resolver';
import { OrderStore } from './store/order.store';

export const ordersSubgraph = defineSubgraph({
  name: 'orders',
  defaultPort: 3004,
  env: { DATABASE_URL: storeEnv.DATABASE_URL },
  schema: () => buildFederatedSchema<OrdersContext>({ resolvers: [OrderResolver], references: { Order: resolveOrderReference } }),
  openStores: openPrismaStores(PrismaClient, 'orders', (prisma): OrdersStores => ({ orders: new OrderStore(prisma) })),
  loaders: (stores: OrdersStores): OrdersLoaders => ({
    orderById: byKeyLoader((ids) => stores.orders.findByIds(ids), (order) => order.id),
    linesByOrderId: groupedLoader((orderIds) => stores.orders.linesOf(orderIds), (line) => line.orderId),
  }),
  permissions: ordersPermissions,
});
