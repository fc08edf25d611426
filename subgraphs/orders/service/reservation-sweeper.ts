import { randomUUID } from 'node:crypto';
import { startPeriodicTask, type PeriodicTask } from '../../../runtime/periodic-task';
import type { Logger } from '../../../runtime/logger';
import type { CatalogClient } from '../clients/catalog.client';
import type { CheckoutIntents, ReleaseBackoff } from '../store/checkout-intents';
import { noReservationMetrics, type ReservationMetrics } from './reservation-metrics';

export interface ReservationSweeperOptions {
  intents: CheckoutIntents;
  catalog: Pick<CatalogClient, 'release'>;
  logger: Logger;
  /** Between two sweeps (the first comes after a random part of it, so replicas started together spread out). */
  intervalMs: number;
  /** How far each release attempt moves an intent's next one: doubling from `baseSeconds` up to `maxSeconds`. */
  backoff: ReleaseBackoff;
  /** Intents taken by one statement. Default 50. */
  batchSize?: number;
  /** Batches in one sweep at most; the rest waits for the next sweep. Default 20. */
  maxBatches?: number;
  metrics?: ReservationMetrics;
}

export interface SweepResult {
  released: number;
  failed: number;
}

export interface ReservationSweeper {
  /** One sweep now (what the timer does; a sweep under way in this process is waited for first). */
  sweep(): Promise<SweepResult>;
  /** Stops sweeping; a sweep under way finishes its batch first. */
  stop(): Promise<void>;
}

/**
 * Releases the stock of checkouts that wrote no order and could not release it themselves (the catalog did not answer,
 * the process died or was killed between reserving and committing): every `intervalMs` it takes the intents that are
 * due, OPEN past their deadline (ORDERS_RESERVATION_TIMEOUT_SECONDS) or ABANDONED with a release to retry, abandons
 * them (from then on their order can no longer be written), asks the catalog to release them (idempotent, as the
 * orders service) and marks them RELEASED; a release that fails is retried when due again, with backoff. Runs in
 * every replica: taking an intent is one statement that skips rows another replica holds.
 */
export function startReservationSweeper(options: ReservationSweeperOptions): ReservationSweeper {
  const logger = options.logger.child({ component: 'reservation-sweeper' });
  const batchSize = options.batchSize ?? 50;
  const maxBatches = options.maxBatches ?? 20;
  const metrics = options.metrics ?? noReservationMetrics;
  let current: Promise<SweepResult> = Promise.resolve({ released: 0, failed: 0 });

  const release = async (id: string, attempt: number, abandonedNow: boolean): Promise<boolean> => {
    try {
      const lines = await options.catalog.release({ requestId: `reservation-sweeper-${randomUUID()}` }, id);
      await options.intents.markReleased(id);
      metrics.release('sweeper', 'released');
      logger.info({ reservationId: id, lines, attempt, abandonedNow }, 'released the stock of a checkout no order confirmed');
      return true;
    } catch (error) {
      metrics.release('sweeper', 'failed');
      logger.warn({ err: error, reservationId: id, attempt }, 'could not release the stock of a checkout no order confirmed; retrying later');
      await options.intents.recordFailedRelease(id, error instanceof Error ? error.message : String(error)).catch(() => {});
      return false;
    }
  };

  const sweepOnce = async (): Promise<SweepResult> => {
    const result: SweepResult = { released: 0, failed: 0 };
    for (let batch = 0; batch < maxBatches && !task.stopped; batch += 1) {
      const due = await options.intents.claimDue(batchSize, options.backoff);
      for (const intent of due) {
        if (await release(intent.id, intent.releaseAttempts, intent.previousState === 'OPEN')) result.released += 1;
        else result.failed += 1;
      }
      if (due.length < batchSize) break;
    }
    return result;
  };

  // One sweep at a time in this process (the timer and a caller of sweep() may meet).
  const sweep = (): Promise<SweepResult> => {
    const next = current.catch(() => undefined).then(sweepOnce);
    current = next;
    return next;
  };

  // The sweep reads `task` only when it runs, after it is made.
  const task: PeriodicTask = startPeriodicTask(sweep, {
    intervalMs: options.intervalMs,
    firstWithinMs: options.intervalMs,
    onError: (error) => logger.error({ err: error }, 'reservation sweep failed; trying again at the next one'),
  });

  return {
    sweep,
    async stop() {
      await task.stop();
      await current.catch(() => undefined);
    },
  };
}

/**
 * The sweeper's pace for a reservation timeout: a sweep every quarter of it (between 0.25 and 30 s), so an intent is
 * released soon after its deadline; release retries from half of it (at least 1 s, at most 1 min) doubling to 5 min.
 */
export function sweepTimingFor(timeoutSeconds: number): { intervalMs: number; backoff: ReleaseBackoff } {
  return {
    intervalMs: Math.min(30_000, Math.max(250, (timeoutSeconds * 1000) / 4)),
    backoff: { baseSeconds: Math.min(60, Math.max(1, timeoutSeconds / 2)), maxSeconds: 300 },
  };
}
