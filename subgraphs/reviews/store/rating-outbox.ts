import { createHash } from 'node:crypto';
import type { Collection, Db } from 'mongodb';
import { eventOf, ratingChanged } from '../../../runtime/events/contracts';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import type { OutboxSource, RelayedBatch } from '../../../runtime/events/outbox';
import { insertUnlessPresent } from '../../../runtime/stores/mongo';
import type { ProductRating } from '../entities/product-rating';
import type { RatingOutboxDocument } from './review.document';

/**
 * The outbox of `reviews.rating.changed` on MongoDB, where there is no transaction to write an event with
 * the change. Instead a marker ("this product's approved rating may change") is inserted BEFORE the change,
 * with an id derived from the change (review, version, new status), so a retried or doubled change is one
 * marker; it is confirmed after the change. The relay publishes, for each marker, the product's rating as
 * computed at publishing time, with the marker id as event id, and deletes the marker once RabbitMQ
 * confirmed. Guarantee: every committed change that can move a rating is followed, at least once, by an
 * event carrying a rating computed after that change (`asOf`); a change that failed after its marker causes
 * one harmless event repeating the current rating. A crash between the change and its confirmation leaves an
 * unconfirmed marker, published once it is older than `unconfirmedAfterMs` (by then the change either
 * happened or never will). Consumers dedupe by event id and keep the rating with the latest `asOf`.
 */
export class RatingOutbox implements OutboxSource {
  private readonly markers: Collection<RatingOutboxDocument>;

  constructor(
    db: Db,
    /** Computes current ratings (the review store's aggregation). */
    private readonly ratingsFor: (productIds: readonly string[]) => Promise<ProductRating[]>,
    private readonly unconfirmedAfterMs = 30_000,
  ) {
    this.markers = db.collection<RatingOutboxDocument>('rating_outbox');
  }

  async ensureIndexes(): Promise<void> {
    await this.markers.createIndex({ ready: 1, createdAt: 1 }, { name: 'ready_oldest' });
  }

  /** Writes the marker of a change named by `changeKey` (idempotent) and returns its id. */
  async open(productId: string, changeKey: string): Promise<string> {
    const id = markerId(changeKey);
    await insertUnlessPresent(this.markers, { _id: id, productId, createdAt: new Date(), ready: false, attempts: 0 });
    return id;
  }

  /** The change was written: the marker may be published now. */
  async confirm(id: string): Promise<void> {
    await this.markers.updateOne({ _id: id }, { $set: { ready: true } });
  }

  /** Every marker waits to be published: published ones are deleted. */
  backlog(): Promise<number> {
    return this.markers.countDocuments({});
  }

  async relayBatch(limit: number, publish: (event: DomainEvent) => Promise<void>): Promise<RelayedBatch> {
    const unconfirmedBefore = new Date(Date.now() - this.unconfirmedAfterMs);
    const markers = await this.markers
      .find({ $or: [{ ready: true }, { createdAt: { $lt: unconfirmedBefore } }] })
      .sort({ createdAt: 1, _id: 1 })
      .limit(limit)
      .toArray();
    if (markers.length === 0) return { published: 0, failed: 0 };
    // Computed after the markers were read, so after every change they stand for.
    const productIds = [...new Set(markers.map((marker) => marker.productId))];
    const ratings = new Map((await this.ratingsFor(productIds)).map((rating, index) => [productIds[index], rating]));
    const asOf = new Date().toISOString();
    let published = 0;
    let failed = 0;
    // One after another on the confirm channel: events of one product leave in the order of their markers.
    for (const marker of markers) {
      const rating = ratings.get(marker.productId)!;
      const data = { productId: marker.productId, average: rating.average, count: rating.count, asOf };
      const event = eventOf(ratingChanged, data, { id: marker._id, occurredAt: new Date(asOf) });
      try {
        await publish(event);
        // Another relay may have published it too (FerretDB cannot lock the marker): same event id, deduped downstream.
        await this.markers.deleteOne({ _id: marker._id });
        published += 1;
      } catch {
        await this.markers.updateOne({ _id: marker._id }, { $inc: { attempts: 1 } }).catch(() => {});
        failed += 1;
      }
    }
    return { published, failed };
  }
}

/** A UUID-shaped id derived from the change, so the event id looks like every other event's. */
function markerId(changeKey: string): string {
  const hex = createHash('sha256').update(`${ratingChanged.type}:${changeKey}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
