import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { droppingMalformed } from '../../../runtime/events/malformed-event';
import type { ProductStore } from '../store/product.store';
import { handleRatingEvent, RATING_CHANGED } from './rating-events';

export const RATING_EVENTS_QUEUE = 'catalog.rating-events';

/**
 * Consumes rating changes one at a time (prefetch 1): "newer than the last applied" is a conditional update,
 * and FerretDB does not make those atomic between concurrent writers. A malformed event is dropped.
 */
export function startRatingEventsConsumer(context: ConsumerContext, products: ProductStore): Promise<RunningConsumer> {
  return startConsumer({
    ...context,
    queue: RATING_EVENTS_QUEUE,
    bindings: [RATING_CHANGED],
    prefetch: 1,
    handle: droppingMalformed(context.logger, 'rating event', (event) => handleRatingEvent(event, products)),
  });
}
