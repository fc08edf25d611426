import { announceAfter } from '../../../runtime/events/announce-after';
import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { purchasesRecorded } from '../../../runtime/events/contracts';
import type { EventPublisher } from '../../../runtime/events/publisher';
import { deliveredOrders, recordDelivered, type PurchaseSink } from './order-events';

export const ORDER_EVENTS_QUEUE = 'reviews.order-events';

/**
 * Consumes delivered orders into verified purchases, then announces them (`reviews.purchases.recorded`: routers
 * drop cached reviews whose `verifiedPurchase` changed). A malformed event is dead-lettered (retrying cannot fix
 * it); any other failure (e.g. the database down) rejects, so the event is redelivered.
 */
export function startOrderEventsConsumer(context: ConsumerContext, sink: PurchaseSink, publisher: EventPublisher): Promise<RunningConsumer> {
  const recordAndAnnounce = announceAfter(publisher, purchasesRecorded, recordDelivered(sink), (_outcome, { orderId, accountId, productIds }) => ({
    orderId,
    accountId,
    productIds,
  }));
  return startConsumer({ ...context, queue: ORDER_EVENTS_QUEUE, ...deliveredOrders(recordAndAnnounce) });
}
