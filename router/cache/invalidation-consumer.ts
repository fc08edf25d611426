import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../runtime/events/consumer';
import type { CacheGenerations } from './cache-generations';
import { STALE_AFTER_EVENT } from './mutation-effects';

/**
 * Invalidates the response cache on domain events that report changes made outside a mutation (by event
 * consumers). One durable queue shared by every router: the generations live in Redis, so one bump per event
 * is enough, and events that arrive while every router is down are applied when one returns. A bump that
 * fails (Redis down) is retried with the event.
 */
export function startCacheInvalidationConsumer(context: ConsumerContext, generations: CacheGenerations): Promise<RunningConsumer> {
  return startConsumer({
    ...context,
    queue: 'router.cache-invalidation',
    bindings: Object.keys(STALE_AFTER_EVENT),
    retryDelayMs: 1_000,
    handle: async (event) => {
      const stale = STALE_AFTER_EVENT[event.type];
      if (stale) await generations.bump(stale);
    },
  });
}
