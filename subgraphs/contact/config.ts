import { z } from 'zod';
import { authEnv, runtimeEnv, storeEnv, peerUrl } from '../../runtime/config';
import { eventsEnv, outboxEnv } from '../../runtime/events/events-env';

const positive = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** Everything the contact subgraph reads from the environment, checked at start. */
export const contactSubgraphEnv = {
  NODE_ENV: runtimeEnv.NODE_ENV,
  DATABASE_URL: storeEnv.DATABASE_URL,
  REDIS_URL: storeEnv.REDIS_URL,
  ...eventsEnv,
  ...outboxEnv,
  CONTACT_MAX_MESSAGES_PER_ADDRESS: positive(20, 100_000),
  CONTACT_MAX_MESSAGES_PER_EMAIL: positive(5, 100_000),
  CONTACT_MESSAGE_WINDOW_SECONDS: positive(60 * 60, 7 * 24 * 60 * 60),
  // The auth subgraph, called directly (the router is for clients) as the service "contact", signed with
  // INTERNAL_SECRET: is the account a ticket is assigned to a staff account?
  INTERNAL_SECRET: authEnv.INTERNAL_SECRET,
  AUTH_URL: peerUrl('auth'),
};

export type ContactSubgraphConfig = z.infer<z.ZodObject<typeof contactSubgraphEnv>>;
