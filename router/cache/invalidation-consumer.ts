import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../runtime/events/consumer';
import { STALE_AFTER_EVENT } from './stale-after-event';
import type { TagEpochs } from './tag-epochs';
import { invalidationTags } from './tag-rules';

/**
 * Invalidates the caches on domain events that report changes made outside a client's mutation (by event
 * consumers). An event that names the cache tags it changed (`data.cacheTags`, see runtime/graphql/cache-tags.ts)
 * invalidates exactly those; others the whole subgraphs STALE_AFTER_EVENT names. One durable queue shared by
 * every router: the epochs live in Redis, so one invalidation per event is enough, and events that arrive
 * while every router is down are applied when one returns. An invalidation that fails (Redis down) is retried
 * with the event.
 */
export function startCacheInvalidationConsumer(context: ConsumerContext, epochs: TagEpochs): Promise<RunningConsumer> {
  return startConsumer({
    ...context,
    queue: 'router.cache-invalidation',
    bindings: Object.keys(STALE_AFTER_EVENT),
    retryDelayMs: 1_000,
    handle: async (event) => {
      const named = event.data.cacheTags;
      const changed = Array.isArray(named) && named.every((tag) => typeof tag === 'string') ? (named as string[]) : (STALE_AFTER_EVENT[event.type] ?? []);
      await epochs.invalidate(invalidationTags(changed));
    },
  });
}
