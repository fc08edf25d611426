import { replicaQueue, startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { byContract, on, ratingChanged } from '../../../runtime/events/contracts';
import type { Logger } from '../../../runtime/logger';
import type { RatingReadModel } from './rating-read-model';

/**
 * Keeps this replica's ratings in step with changes made by the others: each `reviews.rating.changed` (published
 * at least once per change by the rating outbox) is taken from a queue of this process's own, kept while it is cut
 * off from the broker, and the product's rating read again. An event dropped from a full queue is made up by
 * `startRatingReloads`.
 */
export function followRatingChanges(context: ConsumerContext, ratings: RatingReadModel): Promise<RunningConsumer> {
  return startConsumer({
    ...context,
    queue: replicaQueue('reviews.rating-replicas'),
    ...byContract(on(ratingChanged, ({ productId }) => ratings.refresh(productId))),
  });
}

/** Reads every rating again every `intervalMs` (the safety net under the events); a failed round waits for the next. */
export function startRatingReloads(ratings: RatingReadModel, intervalMs: number, logger: Logger): { stop: () => Promise<void> } {
  let running: Promise<void> | null = null;
  const timer = setInterval(() => {
    running ??= ratings
      .load()
      .catch((error: Error) => logger.warn({ err: error }, 'reloading ratings failed; trying again at the next tick'))
      .finally(() => (running = null));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
