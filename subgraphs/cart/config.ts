import { z } from 'zod';
import { peerUrl, storeEnv } from '../../runtime/config';
import { consumerEnv, dedupEnv, eventsEnv } from '../../runtime/events/events-env';

/** Everything the cart subgraph reads from the environment, checked at start. */
export const cartSubgraphEnv = {
  REDIS_URL: storeEnv.REDIS_URL,
  // Sliding expiry, as the original system's `cart:{id}` keys: 24 hours after the last change.
  CART_TTL_SECONDS: z.coerce.number().int().positive().default(86_400),
  // The catalog subgraph's GraphQL endpoint: stock and availability are checked there when a line changes.
  CATALOG_URL: peerUrl('catalog'),
  RABBITMQ_URL: eventsEnv.RABBITMQ_URL,
  ...consumerEnv,
  // How long the marker of an applied order event lives (Redis expires it).
  ...dedupEnv,
};

export type CartSubgraphConfig = z.infer<z.ZodObject<typeof cartSubgraphEnv>>;
