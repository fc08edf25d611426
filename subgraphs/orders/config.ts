import { z } from 'zod';
import { authEnv, storeEnv, peerUrl } from '../../runtime/config';
import { eventsEnv, outboxEnv } from '../../runtime/events/events-env';

const DAY_SECONDS = 86_400;

const isTimeZone = (zone: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

/** Everything the orders subgraph reads from the environment, checked at start. */
export const ordersSubgraphEnv = {
  DATABASE_URL: storeEnv.DATABASE_URL,
  ...eventsEnv,
  ...outboxEnv,
  // Signs the calls that reserve and release stock in the catalog as the service "orders".
  INTERNAL_SECRET: authEnv.INTERNAL_SECRET,
  // The subgraphs checkout reads from, each called directly (the router is for clients).
  CART_URL: peerUrl('cart'),
  CATALOG_URL: peerUrl('catalog'),
  USERS_URL: peerUrl('users'),
  // How long a checkout's stock reservation may go unconfirmed by its order before the sweeper releases it: well beyond
  // the longest checkout (its calls time out after 5 s each, its transaction after 5 s).
  ORDERS_RESERVATION_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(DAY_SECONDS).default(120),
  // The IANA time zone that decides the shop's dates and the delivery windows' cut-offs.
  SHOP_TIME_ZONE: z.string().refine(isTimeZone, 'an IANA time zone such as America/Santiago').default('America/Santiago'),
  // Finished checkout intents (placed or released) are kept this long, for inspection, then deleted.
  ORDERS_RESERVATION_RETENTION_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(366 * DAY_SECONDS)
    .default(7 * DAY_SECONDS),
};

export type OrdersSubgraphConfig = z.infer<z.ZodObject<typeof ordersSubgraphEnv>>;
