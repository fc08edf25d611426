import { startConsumer, type RunningConsumer } from '../../../runtime/events/consumer';
import type { Logger } from '../../../runtime/logger';
import type { PurchaseSink } from './order-events';
import { handleOrderEvent, MalformedEventError, ORDER_DELIVERED } from './order-events';

export const ORDER_EVENTS_QUEUE = 'reviews.order-events';

/**
 * Consumes delivered orders into verified purchases. A malformed event is logged and dropped (retrying
 * cannot fix it); any other failure (e.g. the database down) rejects, so the event is redelivered.
 */
export function startOrderEventsConsumer(url: string, sink: PurchaseSink, logger: Logger): Promise<RunningConsumer> {
  return startConsumer({
    url,
    queue: ORDER_EVENTS_QUEUE,
    bindings: [ORDER_DELIVERED],
    logger,
    handle: async (event) => {
      try {
        const outcome = await handleOrderEvent(event, sink);
        logger.debug({ eventId: event.id, eventType: event.type, outcome }, 'order event handled');
      } catch (error) {
        if (!(error instanceof MalformedEventError)) throw error;
        logger.error({ err: error, eventId: event.id, eventType: event.type }, 'dropping a malformed order event');
      }
    },
  });
}
