import DataLoader from 'dataloader';
import { startOutboxRelay } from '../../runtime/events/outbox-relay';
import { startDedupRetention } from '../../runtime/events/retention';
import { reviewsSubgraphEnv, type ReviewsSubgraphConfig } from './config';
import { createEventPublisher } from '../../runtime/events/publisher';
import { byKeyLoader } from '../../runtime/loaders';
import type { Registry } from 'prom-client';
import type { Logger } from '../../runtime/logger';
import { connectMongo } from '../../runtime/stores/mongo';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph, type OpenedStores } from '../../runtime/subgraph/definition';
import { CatalogClient } from './clients/catalog.client';
import type { ReviewsContext, ReviewsLoaders, ReviewsProviders } from './context';
import { startOrderEventsConsumer } from './events/order-events.consumer';
import { reviewsPermissions } from './permissions';
import { ModerationResolver } from './resolvers/moderation.resolver';
import { ModerationQueueResolver } from './resolvers/moderation-queue.resolver';
import { ProductReviewsResolver, resolveProductReference } from './resolvers/product-reviews.resolver';
import { ReviewConnectionResolver } from './resolvers/review-connection.resolver';
import { ReviewResolver, resolveReviewReference } from './resolvers/review.resolver';
import { PurchaseStore, purchaseId } from './store/purchase.store';
import { RatingOutbox } from './store/rating-outbox';
import { reviewMetrics } from './store/review-metrics';
import { ReviewStore } from './store/review.store';
import { consumerContext } from '../../runtime/events/consumer';
import { SERVICE_PORTS } from '../../runtime/service-ports';
import { followRatingChanges, startRatingReloads } from './read-model/rating-replicas';
import { RatingReadModel } from './read-model/rating-read-model';

/**
 * MongoDB for reviews, purchases and the rating outbox; RabbitMQ for `orders.order.delivered` (in) and
 * `reviews.rating.changed` (out, through the outbox relay); the catalog over HTTP for which products exist.
 * RabbitMQ is not a readiness check: while it is down, events wait in the outbox or in the broker.
 */
async function openReviewsStores(config: ReviewsSubgraphConfig, logger: Logger, registry: Registry): Promise<OpenedStores<ReviewsProviders>> {
  const mongo = await connectMongo(config.MONGODB_URL, 'reviews');
  try {
    // Made in a circle: each reads the next only when a review changes, after all three exist.
    const ratingOutbox: RatingOutbox = new RatingOutbox(mongo.db, (productIds) => reviews.ratingsFor(productIds), config.RATING_OUTBOX_UNCONFIRMED_AFTER_MS);
    const reviews: ReviewStore = new ReviewStore(mongo.db, ratingOutbox, (productId) => ratings.refresh(productId));
    const ratings: RatingReadModel = new RatingReadModel(reviews);
    const purchases = new PurchaseStore(mongo.db);
    reviewMetrics(registry, reviews);
    await Promise.all([reviews.ensureIndexes(), purchases.ensureIndexes(), ratingOutbox.ensureIndexes()]);
    const events = consumerContext(config, logger, registry);
    // Other replicas' rating changes are followed from before the load: none made meanwhile is missed.
    const ratingFollower = await followRatingChanges(events, ratings);
    await ratings.load();
    const ratingReloads = startRatingReloads(ratings, config.REVIEWS_RATINGS_RELOAD_MS, logger);
    const announcements = createEventPublisher({ url: config.RABBITMQ_URL, logger });
    const consumer = await startOrderEventsConsumer(events, purchases, announcements);
    const dedupRetention = startDedupRetention(purchases, config.EVENTS_DEDUP_RETENTION_SECONDS, logger);
    const relay = startOutboxRelay({
      source: ratingOutbox,
      publisher: createEventPublisher({ url: config.RABBITMQ_URL, logger }),
      logger,
      pollIntervalMs: config.OUTBOX_POLL_INTERVAL_MS,
      metrics: { registry, outbox: 'reviews' },
    });
    return {
      providers: { reviews, purchases, ratingOutbox, ratings, catalog: new CatalogClient(config.CATALOG_URL) },
      readiness: [mongo.readiness],
      close: async () => {
        // Stop taking and relaying events first: both still need MongoDB.
        await Promise.all([consumer.close(), ratingFollower.close(), ratingReloads.stop(), relay.stop(), dedupRetention.stop()]);
        await Promise.all([announcements.close(), mongo.close()]);
      },
    };
  } catch (error) {
    await mongo.close(); // the runtime only closes stores it was handed
    throw error;
  }
}

export const reviewsSubgraph = defineSubgraph({
  name: 'reviews',
  defaultPort: SERVICE_PORTS.reviews,
  env: reviewsSubgraphEnv,
  schema: () =>
    buildFederatedSchema<ReviewsContext>({
      resolvers: [ReviewResolver, ReviewConnectionResolver, ModerationResolver, ModerationQueueResolver, ProductReviewsResolver],
      references: { Review: resolveReviewReference, Product: resolveProductReference },
    }),
  openStores: openReviewsStores,
  loaders: (providers: ReviewsProviders): ReviewsLoaders => ({
    reviewById: byKeyLoader(
      (ids) => providers.reviews.findByIds(ids),
      (review) => review.id,
    ),
    approvedReviews: new DataLoader((pages) => providers.reviews.approvedPages(pages), {
      cacheKeyFn: ({ productId, first, after }) => JSON.stringify([productId, first, after?.createdAt.getTime() ?? null, after?.id ?? null]),
    }),
    purchased: new DataLoader(
      async (keys) => {
        const purchased = await providers.purchases.purchasedAmong(keys);
        return keys.map((key) => purchased.has(purchaseId(key)));
      },
      { cacheKeyFn: purchaseId },
    ),
  }),
  permissions: reviewsPermissions,
});
