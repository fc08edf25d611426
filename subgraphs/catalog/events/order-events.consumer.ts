import { startConsumer, type RunningConsumer } from '../../../runtime/events/consumer';
import { droppingMalformed } from '../../../runtime/events/malformed-event';
import type { Logger } from '../../../runtime/logger';
import type { StockReservations } from '../store/stock-reservations';
import { handleOrderCancelled, ORDER_CANCELLED } from './order-events';

export const ORDER_EVENTS_QUEUE = 'catalog.order-events';

/** Releases a cancelled order's stock reservation (concurrently: the ledger keeps concurrent changes exact). */
export function startOrderEventsConsumer(url: string, reservations: StockReservations, logger: Logger): Promise<RunningConsumer> {
  return startConsumer({
    url,
    queue: ORDER_EVENTS_QUEUE,
    bindings: [ORDER_CANCELLED],
    logger,
    handle: droppingMalformed(logger, 'order cancellation', (event) => handleOrderCancelled(event, reservations)),
  });
}
