import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { OrderLine as OrderLineRow } from '../../prisma/orders/client/client';
import type { OrderEvent } from './domain/order-events';
import type { Order } from './entities/order';
import type { CheckoutService } from './service/checkout.service';
import type { Clock, DeliveryService } from './service/delivery.service';
import type { ReservationSweeper } from './service/reservation-sweeper';
import type { CheckoutIntents } from './store/checkout-intents';
import type { DeliveryZoneStore } from './store/delivery-zones';
import type { OrderStore } from './store/order.store';
import type { OrderWriter } from './store/order-writer';

export interface OrdersProviders {
  orders: OrderStore;
  writer: OrderWriter;
  intents: CheckoutIntents;
  checkout: CheckoutService;
  zones: DeliveryZoneStore;
  delivery: DeliveryService;
  /** What the delivery rules take as now (tests move it). */
  clock: Clock;
  /** Releases the stock of checkouts no order confirmed (runs on its own; `sweep()` for one now). */
  sweeper: ReservationSweeper;
}

/** Lines and events are loaded as stored: the order's own fields (currency, customer) come from the order that asks. */
export interface OrdersLoaders {
  orderById: DataLoader<string, Order | null>;
  linesByOrderId: DataLoader<string, OrderLineRow[]>;
  eventsByOrderId: DataLoader<string, OrderEvent[]>;
}

export type OrdersContext = SubgraphContext<OrdersProviders, OrdersLoaders>;
