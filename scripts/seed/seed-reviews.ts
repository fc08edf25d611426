import type { ProductStore } from '../../subgraphs/catalog/store/product.store';
import type { Review } from '../../subgraphs/reviews/entities/review';
import { ReviewStatus } from '../../subgraphs/reviews/entities/review-status';
import { validateSubmitReview } from '../../subgraphs/reviews/inputs/submit-review.input';
import type { ReviewStore } from '../../subgraphs/reviews/store/review.store';
import { seedReviews } from './people-data';
import type { SeedCounts } from './seed-catalog';

/** Enough to read back every review of one seeded author (each writes at most seven). */
const AUTHOR_REVIEWS_READ = 100;

/**
 * Adds the demo reviews through the reviews store and approves them as a moderator would, which leaves a
 * rating outbox marker per product: a running reviews service publishes the new ratings to the catalog.
 * Idempotent by author and product (the store's unique pair); a review left PENDING by an interrupted run is
 * approved, and one already moderated is left as it is.
 */
export async function seedApprovedReviews(
  providers: { reviews: ReviewStore; products: ProductStore },
  accountIds: ReadonlyMap<string, string>,
): Promise<SeedCounts> {
  const counts: SeedCounts = { created: 0, existing: 0 };
  const productIds = new Map<string, string>();
  const byAuthor = new Map<string, Map<string, Review>>();
  for (const seed of seedReviews()) {
    const authorId = accountIds.get(seed.authorEmail)!;
    let productId = productIds.get(seed.productSlug);
    if (!productId) {
      const product = await providers.products.findBySlug(seed.productSlug);
      if (!product) throw new Error(`Seeded product ${seed.productSlug} is missing: seed the catalog first`);
      productId = product.id;
      productIds.set(seed.productSlug, productId);
    }
    let own = byAuthor.get(authorId);
    if (!own) {
      own = new Map((await providers.reviews.listByAuthor(authorId, AUTHOR_REVIEWS_READ)).map((review) => [review.product.id, review]));
      byAuthor.set(authorId, own);
    }

    let review = own.get(productId);
    if (review) {
      counts.existing += 1;
    } else {
      const content = { productId, rating: seed.rating, title: seed.title, body: seed.body };
      validateSubmitReview(content);
      review = await providers.reviews.create(authorId, content);
      counts.created += 1;
    }
    if (review.status === ReviewStatus.PENDING) {
      await providers.reviews.change(review, {
        from: ReviewStatus.PENDING,
        set: { status: ReviewStatus.APPROVED, moderatedAt: new Date(), rejectionReason: null },
      });
    }
  }
  return counts;
}
