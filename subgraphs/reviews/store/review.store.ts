import { ObjectId, type Collection, type Db, type Filter } from 'mongodb';
import { DomainError } from '../../../runtime/errors';
import { findByIds, isDuplicateKey, WHOLE_ANSWER } from '../../../runtime/stores/mongo';
import type { ProductRating } from '../entities/product-rating';
import type { Review } from '../entities/review';
import { ReviewStatus } from '../entities/review-status';
import type { ReviewContent } from '../inputs/submit-review.input';
import type { RatingHistogram } from '../read-model/rating-read-model';
import type { RatingOutbox } from './rating-outbox';
import { ReviewClaims } from './review-claims';
import type { ReviewDocument } from './review.document';
import type { ReviewPosition } from './review-cursor';

/** A page of one product's approved reviews, newest first, as the `Product.reviews` loader asks for it. */
export interface ApprovedReviewsPage {
  productId: string;
  /** At most this many reviews; one more is read to tell whether there is a next page. */
  first: number;
  after: ReviewPosition | null;
}

export interface ReviewsSlice {
  reviews: Review[];
  hasNextPage: boolean;
}

/** A change of a review: the fields to set, from the status it must still have. */
export interface ReviewChange {
  from: ReviewStatus;
  set: Partial<Pick<ReviewDocument, 'rating' | 'title' | 'body' | 'status' | 'moderatedAt' | 'rejectionReason'>>;
}

/** Only real ObjectId hex strings; `ObjectId.isValid` would also take any 12-character string as raw bytes. */
export const isObjectIdHex = (id: string) => /^[0-9a-f]{24}$/i.test(id);

/**
 * Reviews on the MongoDB wire protocol (MongoDB or FerretDB). A change that can move a product's approved
 * rating writes a marker to the rating outbox first (no transactions on FerretDB), and confirms it after.
 */
export class ReviewStore {
  private readonly reviews: Collection<ReviewDocument>;
  private readonly claims: ReviewClaims;

  constructor(
    db: Db,
    private readonly ratingOutbox: RatingOutbox,
    /** Told once a change that can move a product's approved rating is written (the read model follows it). */
    private readonly ratingMayHaveChanged: (productId: string) => Promise<void> = async () => {},
  ) {
    this.reviews = db.collection<ReviewDocument>('reviews');
    this.claims = new ReviewClaims(db);
  }

  async ensureIndexes(): Promise<void> {
    await this.reviews.createIndex({ productId: 1, authorId: 1 }, { unique: true, name: 'product_author_unique' });
    await this.reviews.createIndex({ productId: 1, status: 1, createdAt: -1 }, { name: 'product_status_newest' });
    await this.reviews.createIndex({ authorId: 1, createdAt: -1 }, { name: 'author_newest' });
    await this.reviews.createIndex({ status: 1, createdAt: 1, _id: 1 }, { name: 'status_oldest' });
  }

  /** Batch lookup for DataLoader; ids that are not ObjectIds simply match nothing. */
  async findByIds(ids: readonly string[]): Promise<Review[]> {
    const objectIds = ids.filter(isObjectIdHex).map((id) => new ObjectId(id));
    if (objectIds.length === 0) return [];
    const documents = await findByIds(this.reviews, objectIds);
    return documents.map(toReview);
  }

  /** A page of one author's reviews of any status, newest first (createdAt, then id), after `after`. */
  async authorPage(authorId: string, first: number, after: ReviewPosition | null): Promise<ReviewsSlice> {
    const filter: Filter<ReviewDocument> = { authorId };
    if (after) Object.assign(filter, pastPosition(after, '$lt'));
    const documents =
      first === 0
        ? []
        : await this.reviews
            .find(filter)
            .sort({ createdAt: -1, _id: -1 })
            .limit(first + 1)
            .toArray();
    return { reviews: documents.slice(0, first).map(toReview), hasNextPage: documents.length > first };
  }

  /** How many reviews one author has, of any status. */
  countByAuthor(authorId: string): Promise<number> {
    return this.reviews.countDocuments({ authorId });
  }

  /** One author's reviews of any status, newest first. */
  async listByAuthor(authorId: string, first: number): Promise<Review[]> {
    const documents = await this.reviews.find({ authorId }).sort({ createdAt: -1, _id: -1 }).limit(first).toArray();
    return documents.map(toReview);
  }

  /**
   * A page of the moderation queue, oldest submission first. The cursor is a position (createdAt, id), not an
   * offset, so reviews moderated meanwhile leave the queue without shifting the next page.
   */
  async pendingPage(first: number, after: ReviewPosition | null): Promise<ReviewsSlice & { totalCount: number }> {
    const filter: Filter<ReviewDocument> = { status: ReviewStatus.PENDING };
    if (after) Object.assign(filter, pastPosition(after, '$gt'));
    const [documents, totalCount] = await Promise.all([
      first === 0
        ? []
        : this.reviews
            .find(filter)
            .sort({ createdAt: 1, _id: 1 })
            .limit(first + 1)
            .toArray(),
      this.reviews.countDocuments({ status: ReviewStatus.PENDING }),
    ]);
    return { reviews: documents.slice(0, first).map(toReview), hasNextPage: documents.length > first, totalCount };
  }

  /**
   * How many reviews are in each status now (for the metrics port): one count per status, an equality filter
   * FerretDB passes down to PostgreSQL (its `$group` computes only one accumulator, and a status index serves each).
   */
  async countByStatus(): Promise<Map<ReviewStatus, number>> {
    const statuses = Object.values(ReviewStatus);
    const counts = await Promise.all(statuses.map((status) => this.reviews.countDocuments({ status })));
    return new Map(statuses.map((status, index) => [status, counts[index]]));
  }

  /** Stores a PENDING review by `authorId`; the unique index allows one review per author and product, even under concurrency. */
  async create(authorId: string, content: ReviewContent & { productId: string }): Promise<Review> {
    const now = new Date();
    const document: ReviewDocument = {
      _id: new ObjectId(),
      productId: content.productId,
      authorId,
      rating: content.rating,
      title: content.title.trim(),
      body: content.body.trim(),
      status: ReviewStatus.PENDING,
      rejectionReason: null,
      createdAt: now,
      updatedAt: now,
    };
    try {
      await this.reviews.insertOne(document);
    } catch (error) {
      if (isDuplicateKey(error)) {
        throw new DomainError('CONFLICT', 'You have already reviewed this product', { field: 'productId' });
      }
      throw error;
    }
    return toReview(document);
  }

  /**
   * Applies `change` to `review` if it is still as it was read (same status and version); null when it changed
   * meanwhile. A compare-and-set, made exclusive by a claim on the version (FerretDB 1.x does not isolate
   * updates). When the approved rating of the product can move (the review is or becomes APPROVED), the
   * rating outbox marker is written first.
   */
  async change(review: Review, change: ReviewChange): Promise<Review | null> {
    const changed = await this.claims.holding(versionOf(review), async () => {
      const affectsRating = change.from === ReviewStatus.APPROVED || change.set.status === ReviewStatus.APPROVED;
      const marker = affectsRating ? await this.ratingOutbox.open(review.product.id, `${versionOf(review)}:${change.set.status}`) : null;
      const updatedAt = new Date(Math.max(Date.now(), review.updatedAt.getTime() + 1)); // a new version, even within one millisecond
      const document = await this.reviews.findOneAndUpdate(
        { _id: new ObjectId(review.id), status: change.from, ...sameVersion(review) },
        { $set: { ...change.set, updatedAt } },
        { returnDocument: 'after' },
      );
      if (marker) await this.ratingOutbox.confirm(marker);
      if (affectsRating) await this.ratingMayHaveChanged(review.product.id);
      return document;
    });
    return changed ? toReview(changed) : null;
  }

  /** Deletes `review` if it is still as it was read; false when it changed or went meanwhile. */
  async delete(review: Review): Promise<boolean> {
    const deleted = await this.claims.holding(versionOf(review), async () => {
      const marker = review.status === ReviewStatus.APPROVED ? await this.ratingOutbox.open(review.product.id, `${versionOf(review)}:DELETED`) : null;
      const { deletedCount } = await this.reviews.deleteOne({ _id: new ObjectId(review.id), status: review.status, ...sameVersion(review) });
      if (marker) await this.ratingOutbox.confirm(marker);
      if (marker) await this.ratingMayHaveChanged(review.product.id);
      return deletedCount === 1;
    });
    return deleted === true;
  }

  /**
   * Approved reviews per product and star value: of every product, or of one (equalities on strings, which
   * FerretDB pushes down to PostgreSQL). One accumulator per `$group`, as FerretDB 1.x computes only the first.
   */
  async approvedHistogram(productId?: string): Promise<RatingHistogram> {
    const rows = await this.reviews
      .aggregate<{ _id: { productId: string; rating: number }; count: number }>([
        { $match: productId === undefined ? { status: ReviewStatus.APPROVED } : { productId, status: ReviewStatus.APPROVED } },
        { $group: { _id: { productId: '$productId', rating: '$rating' }, count: { $sum: 1 } } },
      ])
      .toArray();
    return rows.map(({ _id, count }) => ({ productId: _id.productId, rating: _id.rating, count }));
  }

  /** The rating of each product over its approved reviews, in the order asked; no reviews is count 0, average null. */
  async ratingsFor(productIds: readonly string[]): Promise<ProductRating[]> {
    // One row per product and star value. FerretDB 1.x has no $avg, and computes only the first accumulator
    // of a $group (FerretDB issue 4616), so the sums behind the average are taken from this histogram.
    const rows = await this.reviews
      .aggregate<{ _id: { productId: string; rating: number }; count: number }>(
        [
          { $match: { productId: { $in: [...productIds] }, status: ReviewStatus.APPROVED } },
          { $group: { _id: { productId: '$productId', rating: '$rating' }, count: { $sum: 1 } } },
        ],
        WHOLE_ANSWER,
      )
      .toArray();
    const totals = new Map<string, { stars: number; count: number }>();
    for (const { _id, count } of rows) {
      const total = totals.get(_id.productId) ?? { stars: 0, count: 0 };
      totals.set(_id.productId, { stars: total.stars + _id.rating * count, count: total.count + count });
    }
    return productIds.map((productId) => {
      const total = totals.get(productId);
      return total ? { average: total.stars / total.count, count: total.count } : { average: null, count: 0 };
    });
  }

  /**
   * A page of approved reviews of each product, in the order asked. One bounded query per product, run
   * together: a single `$in` query would read every approved review of popular products to keep a few, and
   * the per-group top-N of MongoDB (`$push`/`$topN` in `$group`) is not available on FerretDB 1.x.
   */
  /**
   * Pages of approved reviews for many products: one query per distinct (first, after) — in practice one per
   * request — sorted by product then newest first and cut per product here, since FerretDB has no per-group
   * top-N. It reads all approved reviews of those products past the cursor: fine at a flower shop's volume.
   */
  async approvedPages(pages: readonly ApprovedReviewsPage[]): Promise<ReviewsSlice[]> {
    const groups = new Map<string, ApprovedReviewsPage[]>();
    for (const page of pages) {
      const key = JSON.stringify([page.first, page.after?.createdAt.getTime() ?? null, page.after?.id ?? null]);
      const group = groups.get(key);
      if (group) group.push(page);
      else groups.set(key, [page]);
    }
    const slices = new Map<ApprovedReviewsPage, ReviewsSlice>();
    for (const group of groups.values()) {
      const { first, after } = group[0];
      const filter: Filter<ReviewDocument> = { productId: { $in: group.map((page) => page.productId) }, status: ReviewStatus.APPROVED };
      if (after) Object.assign(filter, pastPosition(after, '$lt'));
      const documents = await this.reviews.find(filter, WHOLE_ANSWER).sort({ productId: 1, createdAt: -1, _id: -1 }).toArray();
      const byProduct = new Map<string, ReviewDocument[]>();
      for (const document of documents) {
        const own = byProduct.get(document.productId);
        if (own) own.push(document);
        else byProduct.set(document.productId, [document]);
      }
      for (const page of group) {
        const own = byProduct.get(page.productId) ?? [];
        slices.set(page, { reviews: own.slice(0, first).map(toReview), hasNextPage: own.length > first });
      }
    }
    return pages.map((page) => slices.get(page)!);
  }
}

/** The reviews past `after` in a listing by (createdAt, id): `$lt` newest first, `$gt` oldest first. */
const pastPosition = (after: ReviewPosition, past: '$lt' | '$gt'): Filter<ReviewDocument> => ({
  $or: [{ createdAt: { [past]: after.createdAt } }, { createdAt: after.createdAt, _id: { [past]: new ObjectId(after.id) } }],
});

/** One version of a review: its id and `updatedAt`, as read. */
const versionOf = (review: Review) => `${review.id}:${review.updatedAt.getTime()}`;

/** The review as it was read: same `updatedAt` (reviews stored before versions existed have none). */
const sameVersion = (review: Review): Filter<ReviewDocument> => ({
  $or: [{ updatedAt: review.updatedAt }, { updatedAt: { $exists: false } }],
});

function toReview(document: ReviewDocument): Review {
  return {
    id: document._id.toHexString(),
    product: { id: document.productId },
    author: { id: document.authorId },
    rating: document.rating,
    title: document.title,
    body: document.body,
    status: document.status,
    rejectionReason: document.status === ReviewStatus.REJECTED ? (document.rejectionReason ?? null) : null,
    createdAt: document.createdAt,
    updatedAt: document.updatedAt ?? document.moderatedAt ?? document.createdAt,
  };
}
