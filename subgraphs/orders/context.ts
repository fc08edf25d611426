import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Order, OrderLine } from './entities/order';
import type { OrderStore } from './store/order.store';

export interface OrdersStores {
  orders: OrderStore;
}

export interface OrdersLoaders {
  orderById: DataLoader<string, Order | null>;
  linesByOrderId: DataLoader<string, OrderLine[]>;
}

export type OrdersContext = SubgraphContext<OrdersStores, OrdersLoaders>;
