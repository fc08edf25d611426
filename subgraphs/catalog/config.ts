import { z } from 'zod';
import { storeEnv } from '../../runtime/config';
import { consumerEnv, eventsEnv } from '../../runtime/events/events-env';

/** Everything the catalog subgraph reads from the environment, checked at start. */
export const catalogSubgraphEnv = {
  MONGODB_URL: storeEnv.MONGODB_URL,
  RABBITMQ_URL: eventsEnv.RABBITMQ_URL,
  ...consumerEnv,
  /** How often the read model reads what changed in the store since the last time (missed announcements). */
  CATALOG_CATCH_UP_INTERVAL_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
};

export type CatalogSubgraphConfig = z.infer<z.ZodObject<typeof catalogSubgraphEnv>>;
