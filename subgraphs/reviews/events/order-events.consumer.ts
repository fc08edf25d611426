import { announceAfter } from '../../../runtime/events/announce-after';
import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { droppingMalformed } from '../../../runtime/events/malformed-event';
import type { EventPublisher } from '../../../runtime/events/publisher';
import type { PurchaseSink } from './order-events';
import { handleOrderEvent, ORDER_DELIVERED } from './order-events';

export const ORDER_EVENTS_QUEUE = 'reviews.order-events';
/** Announced after a delivered order was recorded: `data: { orderId, accountId, productIds }` (their reviews by that customer are verified now). */
export const PURCHASES_RECORDED = 'reviews.purchases.recorded';

/**
 * Consumes delivered orders into verified purchases, then announces them (routers drop cached reviews whose
 * `verifiedPurchase` changed). A malformed event is logged and dropped (retrying
 * cannot fix it); any other failure (e.g. the database down) rejects, so the event is redelivered.
 */
export function startOrderEventsConsumer(context: ConsumerContext, sink: PurchaseSink, publisher: EventPublisher): Promise<RunningConsumer> {
  const recordAndAnnounce = announceAfter(publisher, PURCHASES_RECORDED, (event) => handleOrderEvent(event, sink), (event, outcome) =>
    outcome === 'ignored'
      ? null
      : { orderId: String(event.data.orderId), accountId: String(event.data.accountId), productIds: Array.isArray(event.data.productIds) ? event.data.productIds.map(String) : [] },
  );
  return startConsumer({
    ...context,
    queue: ORDER_EVENTS_QUEUE,
    bindings: [ORDER_DELIVERED],
    handle: droppingMalformed(context.logger, 'order event', recordAndAnnounce),
  });
}
