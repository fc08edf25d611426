import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { ProductRating } from './entities/product-rating';
import type { Review } from './entities/review';
import type { ApprovedReviewsPage, ReviewStore } from './store/review.store';

export interface ReviewsStores {
  reviews: ReviewStore;
}

export interface ReviewsLoaders {
  reviewById: DataLoader<string, Review | null>;
  ratingByProductId: DataLoader<string, ProductRating>;
  approvedReviews: DataLoader<ApprovedReviewsPage, Review[], string>;
}

export type ReviewsContext = SubgraphContext<ReviewsStores, ReviewsLoaders>;
