import { announceAfter } from '../../../runtime/events/announce-after';
import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { droppingMalformed } from '../../../runtime/events/malformed-event';
import type { EventPublisher } from '../../../runtime/events/publisher';
import { CacheTags } from '../../../runtime/graphql/cache-tags';
import type { ProductStore } from '../store/product.store';
import { handleRatingEvent, RATING_APPLIED, RATING_CHANGED } from './rating-events';

export const RATING_EVENTS_QUEUE = 'catalog.rating-events';

/**
 * Consumes rating changes one at a time (prefetch 1): "newer than the last applied" is a conditional update,
 * and FerretDB does not make those atomic between concurrent writers. A malformed event is dropped. Each event
 * handled is announced (`catalog.rating.applied`), also one found already applied: its first announcement may be
 * what failed.
 */
export function startRatingEventsConsumer(context: ConsumerContext, products: ProductStore, publisher: EventPublisher): Promise<RunningConsumer> {
  const listings = new CacheTags('catalog');
  listings.changed('Product');
  return startConsumer({
    ...context,
    queue: RATING_EVENTS_QUEUE,
    bindings: [RATING_CHANGED],
    prefetch: 1,
    handle: droppingMalformed(
      context.logger,
      'rating event',
      announceAfter(publisher, RATING_APPLIED, (event) => handleRatingEvent(event, products), (event) => ({
        productId: String(event.data.productId),
        cacheTags: listings.report()!.changes!,
      })),
    ),
  });
}
