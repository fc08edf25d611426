import { announceAfter } from '../../../runtime/events/announce-after';
import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { byContract, on, ratingApplied, ratingChanged } from '../../../runtime/events/contracts';
import type { EventPublisher } from '../../../runtime/events/publisher';
import { CacheTags } from '../../../runtime/graphql/cache-tags';
import { applyRating, type RatingStores } from './rating-events';

export const RATING_EVENTS_QUEUE = 'catalog.rating-events';

/**
 * Consumes rating changes one at a time (prefetch 1): "newer than the last applied" is a conditional update,
 * and FerretDB does not make those atomic between concurrent writers. A malformed event is dead-lettered. Each
 * event handled is announced (`catalog.rating.applied`, naming `catalog:Product`: which products come where in
 * listings changed), also one found already applied: its first announcement may be what failed.
 */
export function startRatingEventsConsumer(context: ConsumerContext, stores: RatingStores, publisher: EventPublisher): Promise<RunningConsumer> {
  const listings = new CacheTags('catalog');
  listings.changed('Product');
  const applyAndAnnounce = announceAfter(publisher, ratingApplied, applyRating(stores), (_outcome, { productId }) => ({
    productId,
    cacheTags: listings.report()!.changes!,
  }));
  return startConsumer({ ...context, queue: RATING_EVENTS_QUEUE, prefetch: 1, ...byContract(on(ratingChanged, applyAndAnnounce)) });
}
