import type { z } from 'zod';
import { storeEnv } from '../../runtime/config';
import { consumerEnv, dedupEnv, eventsEnv } from '../../runtime/events/events-env';

/** Everything the users subgraph reads from the environment, checked at start. */
export const usersSubgraphEnv = { DATABASE_URL: storeEnv.DATABASE_URL, RABBITMQ_URL: eventsEnv.RABBITMQ_URL, ...consumerEnv, ...dedupEnv };

export type UsersSubgraphConfig = z.infer<z.ZodObject<typeof usersSubgraphEnv>>;
