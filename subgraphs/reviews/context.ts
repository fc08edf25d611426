import type DataLoader from 'dataloader';
import type { CatalogClient } from './clients/catalog.client';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Review } from './entities/review';
import type { PurchaseKey, PurchaseStore } from './store/purchase.store';
import type { RatingReadModel } from './read-model/rating-read-model';
import type { RatingOutbox } from './store/rating-outbox';
import type { ApprovedReviewsPage, ReviewsSlice, ReviewStore } from './store/review.store';

export interface ReviewsProviders {
  reviews: ReviewStore;
  purchases: PurchaseStore;
  ratingOutbox: RatingOutbox;
  /** Every product's rating, in memory (`Product.rating`). */
  ratings: RatingReadModel;
  /** Which products exist, asked of the catalog subgraph when a review is submitted. */
  catalog: CatalogClient;
}

export interface ReviewsLoaders {
  reviewById: DataLoader<string, Review | null>;
  approvedReviews: DataLoader<ApprovedReviewsPage, ReviewsSlice, string>;
  /** Whether an author received a product: one query for all the reviews of a request. */
  purchased: DataLoader<PurchaseKey, boolean, string>;
}

export type ReviewsContext = SubgraphContext<ReviewsProviders, ReviewsLoaders>;
