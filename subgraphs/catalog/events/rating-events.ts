import { ObjectId } from 'mongodb';
import type { RatingChanged } from '../../../runtime/events/contracts';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import type { ProductStore } from '../store/product.store';

/**
 * Copies a `reviews.rating.changed` rating onto the product for the RATING sort (the catalog shows no rating field).
 * Idempotent without a record of handled events: the same event applies the same values, and one raised before
 * the last applied is ignored.
 */
export const applyRating =
  (products: ProductStore) =>
  async ({ productId, average, count }: RatingChanged, event: DomainEvent): Promise<'applied' | 'stale-or-unknown'> => {
    // An id the catalog never issued names no product here: nothing to apply (not an error of the event).
    if (!/^[0-9a-f]{24}$/i.test(productId)) return 'stale-or-unknown';
    const applied = await products.applyRating(new ObjectId(productId), average ?? 0, count, new Date(event.occurredAt));
    return applied ? 'applied' : 'stale-or-unknown';
  };
