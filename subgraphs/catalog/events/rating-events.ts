import { ObjectId } from 'mongodb';
import type { RatingChanged } from '../../../runtime/events/contracts';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import type { CatalogStoreSet } from '../context';

/** What applying a rating writes: the product, and its stock copy when the product's write put an older one back. */
export type RatingStores = Pick<CatalogStoreSet, 'products' | 'stock'>;

/**
 * Copies a `reviews.rating.changed` rating onto the product for the RATING sort (the catalog shows no rating field).
 * Idempotent without a record of handled events: the same event applies the same values, and one raised before
 * the last applied is ignored.
 */
export const applyRating =
  ({ products, stock }: RatingStores) =>
  async ({ productId, average, count }: RatingChanged, event: DomainEvent): Promise<'applied' | 'stale-or-unknown'> => {
    // An id the catalog never issued names no product here: nothing to apply (not an error of the event).
    if (!/^[0-9a-f]{24}$/i.test(productId)) return 'stale-or-unknown';
    const id = new ObjectId(productId);
    const applied = await products.applyRating(id, average ?? 0, count, new Date(event.occurredAt));
    // FerretDB writes the whole product back: a sale racing this write may have had its stock copy put back older.
    // The copy is confirmed against the ledger, as after an edit (a replica starting would read it); also when the
    // event was applied before, as a redelivery after a stop between the two writes.
    await stock.sync(id);
    return applied ? 'applied' : 'stale-or-unknown';
  };
