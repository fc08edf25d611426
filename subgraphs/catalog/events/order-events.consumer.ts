import { announceAfter } from '../../../runtime/events/announce-after';
import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { droppingMalformed } from '../../../runtime/events/malformed-event';
import type { EventPublisher } from '../../../runtime/events/publisher';
import type { StockReservations } from '../store/stock-reservations';
import { handleOrderCancelled, ORDER_CANCELLED, STOCK_RELEASED, stockReleased } from './order-events';

export const ORDER_EVENTS_QUEUE = 'catalog.order-events';

/**
 * Releases a cancelled order's stock reservation (concurrently: the ledger keeps concurrent changes exact),
 * then announces `catalog.stock.released` with the cache tags it changed (routers drop cached answers showing the old stock).
 */
export function startOrderEventsConsumer(context: ConsumerContext, reservations: StockReservations, publisher: EventPublisher): Promise<RunningConsumer> {
  return startConsumer({
    ...context,
    queue: ORDER_EVENTS_QUEUE,
    bindings: [ORDER_CANCELLED],
    handle: droppingMalformed(
      context.logger,
      'order cancellation',
      announceAfter(publisher, STOCK_RELEASED, (event) => handleOrderCancelled(event, reservations), (event, transitions) =>
        stockReleased(String(event.data.orderId), Array.isArray(event.data.productIds) ? event.data.productIds.map(String) : [], transitions),
      ),
    ),
  });
}
