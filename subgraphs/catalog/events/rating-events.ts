import { ObjectId } from 'mongodb';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import { MalformedEvent } from '../../../runtime/events/malformed-event';
import type { ProductStore } from '../store/product.store';

/**
 * The reviews service's word that a product's rating changed, as its rating outbox publishes it:
 * `data: { productId, average (1–5, null when no approved review is left), count, asOf }`, `occurredAt` = `asOf`.
 */
export const RATING_CHANGED = 'reviews.rating.changed';
/**
 * Announced once the catalog applied a rating: `data: { productId, cacheTags }`. The catalog shows no rating
 * field; its copy only orders the RATING sort, so what changed is which products come where in listings
 * (`catalog:Product`). The router can drop its cached listings on this rather than on the reviews' event, which
 * may reach it before the catalog applied the rating.
 */
export const RATING_APPLIED = 'catalog.rating.applied';

export class MalformedRatingEvent extends MalformedEvent {}

/**
 * Copies the rating onto the product for the RATING sort. Idempotent without a record of handled events:
 * the same event applies the same values, and one raised before the last applied is ignored.
 */
export async function handleRatingEvent(event: DomainEvent, products: ProductStore): Promise<'applied' | 'stale-or-unknown'> {
  const { productId, average, count } = event.data as { productId?: unknown; average?: unknown; count?: unknown };
  const occurredAt = new Date(event.occurredAt);
  const validAverage = average === null || (typeof average === 'number' && average >= 0 && average <= 5);
  if (
    event.type !== RATING_CHANGED ||
    typeof productId !== 'string' ||
    !validAverage ||
    typeof count !== 'number' ||
    !Number.isSafeInteger(count) ||
    count < 0 ||
    Number.isNaN(occurredAt.getTime())
  ) {
    throw new MalformedRatingEvent(`not a valid ${RATING_CHANGED} event`);
  }
  // An id the catalog never issued names no product here: nothing to apply (not an error of the event).
  if (!/^[0-9a-f]{24}$/i.test(productId)) return 'stale-or-unknown';
  const applied = await products.applyRating(new ObjectId(productId), average ?? 0, count, occurredAt);
  return applied ? 'applied' : 'stale-or-unknown';
}
