import { z } from 'zod';
import { peerUrl, storeEnv } from '../../runtime/config';
import { consumerEnv, dedupEnv, eventsEnv, outboxEnv } from '../../runtime/events/events-env';

/** Everything the reviews subgraph reads from the environment, checked at start. */
export const reviewsSubgraphEnv = {
  MONGODB_URL: storeEnv.MONGODB_URL,
  RABBITMQ_URL: eventsEnv.RABBITMQ_URL,
  // The rating outbox deletes each marker once published: no OUTBOX_RETENTION_SECONDS here.
  OUTBOX_POLL_INTERVAL_MS: outboxEnv.OUTBOX_POLL_INTERVAL_MS,
  ...consumerEnv,
  ...dedupEnv,
  // How long a rating outbox marker may wait for its change to be confirmed before it is published anyway.
  RATING_OUTBOX_UNCONFIRMED_AFTER_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  // How often every rating in memory is read again (the safety net under the replicas' rating events).
  REVIEWS_RATINGS_RELOAD_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  // The catalog subgraph's GraphQL endpoint: a review is only taken for a product it has.
  CATALOG_URL: peerUrl('catalog'),
};

export type ReviewsSubgraphConfig = z.infer<z.ZodObject<typeof reviewsSubgraphEnv>>;
