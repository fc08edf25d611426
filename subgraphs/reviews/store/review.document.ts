import type { ObjectId } from 'mongodb';
import type { ReviewStatus } from '../entities/review-status';

/** How a review is stored in the `reviews` collection. */
export interface ReviewDocument {
  _id: ObjectId;
  productId: string;
  authorId: string;
  rating: number;
  title: string;
  body: string;
  status: ReviewStatus;
  createdAt: Date;
  /** Last change of any kind (content or status); also the version the rating outbox names a change by. */
  updatedAt?: Date;
  moderatedAt?: Date;
  /** Why staff rejected it, shown to the author; cleared when the review is approved or edited. */
  rejectionReason?: string | null;
}

/** The `purchases` collection: one document per account and product delivered to it (from `orders.order.delivered`). */
export interface PurchaseDocument {
  /** JSON of [accountId, productId]: one lookup key per pair, so a page of reviews is one `$in` query. */
  _id: string;
  accountId: string;
  productId: string;
  firstOrderId: string;
  recordedAt: Date;
}

/** The `processed_events` collection: ids of the domain events already applied, so redeliveries change nothing. */
export interface ProcessedEventDocument {
  _id: string;
  type: string;
  processedAt: Date;
}

/**
 * The `rating_outbox` collection: "the approved rating of this product may have changed". Written before the
 * change of the review (FerretDB has no transactions), confirmed (`ready`) after it; the relay publishes the
 * rating as it is when it publishes, so the event can never be older than the change.
 */
export interface RatingOutboxDocument {
  /** Derived from the review, its version and the change: the same change written twice is one event. Also the event id. */
  _id: string;
  productId: string;
  createdAt: Date;
  /** Set once the change itself was written; an unconfirmed marker is published after a delay anyway (the change may have happened before a crash). */
  ready: boolean;
  attempts: number;
}
