import { z } from 'zod';

export const cacheEnv = {
  /** The caches of answers and of subgraph answers in Redis (`off` to measure or debug without them). */
  ROUTER_RESPONSE_CACHE: z.enum(['on', 'off']).default('on'),
  /**
   * Every cache invalidation is made again at each of these delays (comma-separated ms; 0: never), dropping
   * answers that a subgraph replica still behind a write gave meanwhile. The catalog's replicas follow each other
   * within milliseconds (the first repeat); one that missed a write's announcement catches it up from the store
   * within CATALOG_CATCH_UP_INTERVAL_MS (the last repeat must come after that and a catch-up's own time).
   */
  ROUTER_CACHE_REPEAT_INVALIDATION_MS: z
    .string()
    .regex(/^\s*\d+(\s*,\s*\d+)*\s*$/, 'delays in ms, separated by commas')
    .default('2000,7000')
    .transform((value) => value.split(',').map((part) => Number(part.trim())))
    .pipe(z.array(z.number().int().min(0).max(60_000)).min(1).max(5))
    .transform((delays) => delays.filter((delay) => delay > 0)),
  /** Megabytes of cached answers each router also keeps in its own memory (0: Redis only). */
  ROUTER_CACHE_MEMORY_MB: z.coerce.number().int().min(0).max(4_096).default(32),
  /** How long an automatic persisted query stays registered after its last use, in seconds. */
  ROUTER_PERSISTED_QUERY_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(7 * 24 * 3600),
  /** How many of the most used operations a starting router plans before it reports ready (0: none). */
  ROUTER_WARM_UP_OPERATIONS: z.coerce.number().int().min(0).max(5_000).default(100),
};
