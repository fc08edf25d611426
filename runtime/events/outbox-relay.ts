import type { Registry } from 'prom-client';
import type { Logger } from '../logger';
import { backoffDelay, cancellableDelay } from './backoff';
import { outboxBacklogGauge } from './event-metrics';
import type { OutboxSource } from './outbox';
import type { EventPublisher } from './publisher';
import { startRetentionSweeper, type RetentionOptions } from './retention';

export interface OutboxRelayOptions {
  source: OutboxSource;
  publisher: EventPublisher;
  logger: Logger;
  /** Pause between polls when there was nothing (or less than a batch) to publish. */
  pollIntervalMs?: number;
  batchSize?: number;
  /** The longest pause between retries while RabbitMQ or the database fails. */
  maxBackoffMs?: number;
  /** Reports the outbox's backlog as `events_outbox_backlog{outbox}` in the service's metrics. */
  metrics?: { registry: Registry; outbox: string };
  /** Deletes published events once older than `retentionMs` (OUTBOX_RETENTION_SECONDS), if the source keeps them. */
  retention?: RetentionOptions;
}

export interface OutboxRelay {
  /** Publishes now instead of at the next poll (a service calls it after committing an event). */
  wake(): void;
  /** Deletes published events older than the retention period now (the relay also does so every hour); how many. */
  pruneNow(): Promise<number>;
  /** Finishes the batch in progress, stops polling and pruning, and closes the publisher. */
  stop(): Promise<void>;
}

/**
 * Publishes what services wrote to their outbox: polls for unpublished events, publishes them with
 * confirms, marks them sent, and backs off (exponentially, with jitter) while publishing fails. Delivery is
 * at least once: an event confirmed just before a crash is published again, so consumers are idempotent.
 * With `retention`, it also deletes published events once they are older than the retention period.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const batchSize = options.batchSize ?? 100;
  const maxBackoffMs = options.maxBackoffMs ?? 30_000;
  const logger = options.logger.child({ component: 'outbox-relay' });
  let stopped = false;
  let pause: ReturnType<typeof cancellableDelay> | null = null;
  let backingOff = false;
  // Set by a wake (a commit wrote an event) and not lost during a batch: the batch may have read the outbox before the new row committed.
  let woken = false;

  const run = async () => {
    let failures = 0;
    let moreWaiting = true; // at start, whatever was left unpublished before
    while (!stopped) {
      let wait = pollIntervalMs;
      const knownWaiting = woken || moreWaiting || failures > 0;
      woken = false;
      moreWaiting = false;
      try {
        // A poll asks first whether anything waits (one plain query): an empty poll then opens no transaction,
        // and a commit that wakes the relay meanwhile is not held up behind one.
        if (knownWaiting || (await options.source.backlog()) > 0) {
          const { published, failed } = await options.source.relayBatch(batchSize, (event) => options.publisher.publish(event));
          if (failed > 0) {
            failures += 1;
            wait = backoffDelay(failures, pollIntervalMs * 2, maxBackoffMs);
            logger.warn({ published, failed, retryInMs: wait }, 'could not publish outbox events; retrying');
          } else {
            if (failures > 0 && published > 0) logger.info({ published }, 'publishing outbox events again');
            failures = 0;
            moreWaiting = published === batchSize;
            if (moreWaiting) wait = 0;
          }
        }
      } catch (error) {
        failures += 1;
        wait = backoffDelay(failures, pollIntervalMs * 2, maxBackoffMs);
        logger.error({ err: error, retryInMs: wait }, 'outbox relay failed; retrying');
      }
      backingOff = failures > 0;
      if (woken && !backingOff) wait = 0;
      if (wait > 0 && !stopped) {
        pause = cancellableDelay(wait);
        await pause.done;
        pause = null;
      }
    }
  };

  const running = run();
  const { source, retention } = options;
  const prune = source.prune?.bind(source);
  const sweeper = retention && prune ? startRetentionSweeper('published outbox events', prune, retention, logger) : null;
  const unwatchBacklog = options.metrics
    ? outboxBacklogGauge(options.metrics.registry).watch(options.metrics.outbox, () => options.source.backlog())
    : () => {};
  return {
    wake() {
      // While publishing fails, the backoff stands: waking must not turn it into a tight loop.
      if (stopped || backingOff) return;
      woken = true;
      pause?.cancel();
    },
    pruneNow: async () => (sweeper ? sweeper.sweep() : 0),
    async stop() {
      stopped = true;
      unwatchBacklog();
      pause?.cancel();
      await Promise.all([running, sweeper?.stop()]);
      await options.publisher.close();
    },
  };
}
