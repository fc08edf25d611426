import DataLoader from 'dataloader';
import { storeEnv } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { connectMongo } from '../../runtime/stores/mongo';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { ReviewsContext, ReviewsLoaders, ReviewsStores } from './context';
import { reviewsPermissions } from './permissions';
import { ProductReviewsResolver, resolveProductReference } from './resolvers/product-reviews.resolver';
import { ReviewResolver, resolveReviewReference } from './resolvers/review.resolver';
import { ReviewStore } from './store/review.store';

export const reviewsSubgraph = defineSubgraph({
  name: 'reviews',
  defaultPort: 3007,
  env: { MONGODB_URL: storeEnv.MONGODB_URL },
  schema: () =>
    buildFederatedSchema<ReviewsContext>({
      resolvers: [ReviewResolver, ProductReviewsResolver],
      references: { Review: resolveReviewReference, Product: resolveProductReference },
    }),
  openStores: async (config) => {
    const mongo = await connectMongo(config.MONGODB_URL, 'reviews');
    try {
      const reviews = new ReviewStore(mongo.db);
      await reviews.ensureIndexes();
      return { stores: { reviews } satisfies ReviewsStores, readiness: [mongo.readiness], close: mongo.close };
    } catch (error) {
      await mongo.close(); // the runtime only closes stores it was handed
      throw error;
    }
  },
  loaders: (stores: ReviewsStores): ReviewsLoaders => ({
    reviewById: byKeyLoader((ids) => stores.reviews.findByIds(ids), (review) => review.id),
    // One aggregation for all the products of a request.
    ratingByProductId: new DataLoader((productIds) => stores.reviews.ratingsFor(productIds)),
    approvedReviews: new DataLoader((pages) => stores.reviews.approvedFor(pages), {
      cacheKeyFn: ({ productId, first }) => `${first}:${productId}`,
    }),
  }),
  permissions: reviewsPermissions,
});
