import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../runtime/events/consumer';
import { staleAfterEvents } from './stale-after-event';
import type { TagEpochs } from './tag-epochs';
import { invalidationTags } from './tag-rules';

/**
 * Invalidates the caches on domain events that report changes made outside a client's mutation (by event
 * consumers): what staleAfterEvents says each makes stale. One durable queue shared by every router: the epochs
 * live in Redis, so one invalidation per event is enough, and events that arrive while every router is down are
 * applied when one returns. An invalidation that fails (Redis down) is retried with the event; a malformed event
 * is dead-lettered (`router.cache-invalidation.dead`).
 */
export function startCacheInvalidationConsumer(context: ConsumerContext, epochs: TagEpochs): Promise<RunningConsumer> {
  return startConsumer({
    ...context,
    queue: 'router.cache-invalidation',
    retryDelayMs: 1_000,
    ...staleAfterEvents((changed) => epochs.invalidate(invalidationTags(changed))),
  });
}
