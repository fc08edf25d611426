import { MongoServerError, ObjectId, type Collection, type Db } from 'mongodb';
import { DomainError } from '../../../runtime/errors';
import type { ProductRating } from '../entities/product-rating';
import type { Review } from '../entities/review';
import { ReviewStatus } from '../entities/review-status';
import type { SubmitReviewInput } from '../inputs/submit-review.input';
import type { ReviewDocument } from './review.document';

const DUPLICATE_KEY = 11000;

/** The newest approved reviews of one product, as the `Product.reviews` loader asks for them. */
export interface ApprovedReviewsPage {
  productId: string;
  first: number;
}

/** Only real ObjectId hex strings; `ObjectId.isValid` would also take any 12-character string as raw bytes. */
const isObjectIdHex = (id: string) => /^[0-9a-f]{24}$/i.test(id);

/** Reviews on the MongoDB wire protocol (MongoDB or FerretDB). */
export class ReviewStore {
  private readonly reviews: Collection<ReviewDocument>;

  constructor(db: Db) {
    this.reviews = db.collection<ReviewDocument>('reviews');
  }

  async ensureIndexes(): Promise<void> {
    await this.reviews.createIndex({ productId: 1, authorId: 1 }, { unique: true, name: 'product_author_unique' });
    await this.reviews.createIndex({ productId: 1, status: 1, createdAt: -1 }, { name: 'product_status_newest' });
    await this.reviews.createIndex({ authorId: 1, createdAt: -1 }, { name: 'author_newest' });
  }

  /** Batch lookup for DataLoader; ids that are not ObjectIds simply match nothing. */
  async findByIds(ids: readonly string[]): Promise<Review[]> {
    const objectIds = ids.filter(isObjectIdHex).map((id) => new ObjectId(id));
    if (objectIds.length === 0) return [];
    const documents = await this.reviews.find({ _id: { $in: objectIds } }).toArray();
    return documents.map(toReview);
  }

  /** One author's reviews of any status, newest first. */
  async listByAuthor(authorId: string, first: number): Promise<Review[]> {
    const documents = await this.reviews.find({ authorId }).sort({ createdAt: -1, _id: -1 }).limit(first).toArray();
    return documents.map(toReview);
  }

  /** Stores a PENDING review by `authorId`; the unique index allows one review per author and product, even under concurrency. */
  async create(authorId: string, input: SubmitReviewInput): Promise<Review> {
    const document: ReviewDocument = {
      _id: new ObjectId(),
      productId: input.productId,
      authorId,
      rating: input.rating,
      title: input.title.trim(),
      body: input.body.trim(),
      status: ReviewStatus.PENDING,
      createdAt: new Date(),
    };
    try {
      await this.reviews.insertOne(document);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) {
        throw new DomainError('CONFLICT', 'You have already reviewed this product', { field: 'productId' });
      }
      throw error;
    }
    return toReview(document);
  }

  /**
   * Moves a PENDING review to `status`; null when there is no such review or it is no longer pending.
   * On MongoDB this is a compare-and-set. FerretDB 1.x applies updates without isolation, so two
   * concurrent moderations of one review can both succeed there (the later one wins).
   */
  async moderate(id: string, status: ReviewStatus.APPROVED | ReviewStatus.REJECTED): Promise<Review | null> {
    if (!isObjectIdHex(id)) return null;
    const document = await this.reviews.findOneAndUpdate(
      { _id: new ObjectId(id), status: ReviewStatus.PENDING },
      { $set: { status, moderatedAt: new Date() } },
      { returnDocument: 'after' },
    );
    return document ? toReview(document) : null;
  }

  /** The rating of each product over its approved reviews, in the order asked; no reviews is count 0, average null. */
  async ratingsFor(productIds: readonly string[]): Promise<ProductRating[]> {
    // One row per product and star value. FerretDB 1.x has no $avg, and computes only the first accumulator
    // of a $group (FerretDB issue 4616), so the sums behind the average are taken from this histogram.
    const rows = await this.reviews
      .aggregate<{ _id: { productId: string; rating: number }; count: number }>([
        { $match: { productId: { $in: [...productIds] }, status: ReviewStatus.APPROVED } },
        { $group: { _id: { productId: '$productId', rating: '$rating' }, count: { $sum: 1 } } },
      ])
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
   * The newest approved reviews of each product, in the order asked. One bounded query per product, run
   * together: a single `$in` query would read every approved review of popular products to keep a few, and
   * the per-group top-N of MongoDB (`$push`/`$topN` in `$group`) is not available on FerretDB 1.x.
   */
  approvedFor(pages: readonly ApprovedReviewsPage[]): Promise<Review[][]> {
    return Promise.all(
      pages.map(async ({ productId, first }) => {
        const documents = await this.reviews
          .find({ productId, status: ReviewStatus.APPROVED })
          .sort({ createdAt: -1, _id: -1 })
          .limit(first)
          .toArray();
        return documents.map(toReview);
      }),
    );
  }
}

function toReview(document: ReviewDocument): Review {
  return {
    id: document._id.toHexString(),
    product: { id: document.productId },
    author: { id: document.authorId },
    rating: document.rating,
    title: document.title,
    body: document.body,
    status: document.status,
    createdAt: document.createdAt,
  };
}
