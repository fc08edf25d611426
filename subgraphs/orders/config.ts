import { z } from 'zod';
import { authEnv, storeEnv, url } from '../../runtime/config';
import { eventsEnv, outboxEnv } from '../../runtime/events/events-env';

/** Everything the orders subgraph reads from the environment, checked at start. */
export const ordersSubgraphEnv = {
  DATABASE_URL: storeEnv.DATABASE_URL,
  ...eventsEnv,
  ...outboxEnv,
  // Signs the calls that reserve and release stock in the catalog as the service "orders".
  INTERNAL_SECRET: authEnv.INTERNAL_SECRET,
  // The subgraphs checkout reads from, each called directly (the router is for clients).
  CART_URL: url(['http', 'https'], 'http://127.0.0.1:3005/graphql'),
  CATALOG_URL: url(['http', 'https'], 'http://127.0.0.1:3002/graphql'),
  USERS_URL: url(['http', 'https'], 'http://127.0.0.1:3003/graphql'),
};

export type OrdersSubgraphConfig = z.infer<z.ZodObject<typeof ordersSubgraphEnv>>;
