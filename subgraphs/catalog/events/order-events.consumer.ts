import { announceAfter } from '../../../runtime/events/announce-after';
import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { byContract, on, orderCancelled, stockReleased } from '../../../runtime/events/contracts';
import type { EventPublisher } from '../../../runtime/events/publisher';
import type { StockReservations } from '../store/stock-reservations';
import { releaseCancelled, stockReleasedBy } from './order-events';

export const ORDER_EVENTS_QUEUE = 'catalog.order-events';

/**
 * Releases a cancelled order's stock reservation (concurrently: the ledger keeps concurrent changes exact),
 * then announces `catalog.stock.released` with the cache tags it changed (routers drop cached answers showing the old stock).
 */
export function startOrderEventsConsumer(context: ConsumerContext, reservations: StockReservations, publisher: EventPublisher): Promise<RunningConsumer> {
  const releaseAndAnnounce = announceAfter(publisher, stockReleased, releaseCancelled(reservations), (transitions, cancelled) =>
    stockReleasedBy(cancelled.orderId, cancelled.productIds ?? [], transitions),
  );
  return startConsumer({ ...context, queue: ORDER_EVENTS_QUEUE, ...byContract(on(orderCancelled, releaseAndAnnounce)) });
}
