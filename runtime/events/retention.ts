import type { Logger } from '../logger';
import { startPeriodicTask, type PeriodicTask } from '../periodic-task';

/** Deletes up to `limit` records older than `cutoff` (oldest first, through an index); resolves with how many it deleted. */
export type Prune = (cutoff: Date, limit: number) => Promise<number>;

export interface RetentionOptions {
  /** Records older than this are deleted. */
  retentionMs: number;
  /** Between two sweeps. Default 1 hour. */
  intervalMs?: number;
  /** Records deleted by one statement. Default 1,000. */
  batchSize?: number;
  /** Batches in one sweep at most; whatever is left waits for the next sweep. Default 100. */
  maxBatches?: number;
  /** Before the first sweep (after a start, so replicas started together do not sweep together): a random wait up to this. Default 60 s. */
  firstSweepWithinMs?: number;
}

export interface RetentionSweeper {
  /** One sweep now (what the timer does); resolves with how many records it deleted. */
  sweep(): Promise<number>;
  /** Stops sweeping; a sweep in progress ends after its current batch. */
  stop(): Promise<void>;
}

/**
 * Keeps a store that would otherwise only grow (published outbox rows, records of processed events) to its
 * retention period: soon after start, then every `intervalMs`, it deletes what is older than `retentionMs` in
 * bounded batches, so no statement holds locks or the database for long. Failures are logged and the next sweep
 * tries again. Every replica may sweep: the deletes skip what another one is deleting.
 */
export function startRetentionSweeper(what: string, prune: Prune, options: RetentionOptions, parentLogger: Logger): RetentionSweeper {
  const logger = parentLogger.child({ component: 'retention', what });
  const intervalMs = options.intervalMs ?? 3_600_000;
  const batchSize = options.batchSize ?? 1_000;
  const maxBatches = options.maxBatches ?? 100;
  const sweep = async (): Promise<number> => {
    const cutoff = new Date(Date.now() - options.retentionMs);
    let deleted = 0;
    for (let batch = 0; batch < maxBatches && !task.stopped; batch += 1) {
      const count = await prune(cutoff, batchSize);
      deleted += count;
      if (count < batchSize) break;
    }
    if (deleted > 0) logger.info({ deleted, olderThan: cutoff.toISOString() }, `deleted old ${what}`);
    return deleted;
  };

  // The sweep reads `task` only when it runs, after it is made.
  const task: PeriodicTask = startPeriodicTask(sweep, {
    intervalMs,
    firstWithinMs: options.firstSweepWithinMs ?? 60_000,
    onError: (error) => logger.warn({ err: error }, `could not delete old ${what}; trying again at the next sweep`),
  });

  return { sweep, stop: () => task.stop() };
}

/** A consumer's records of processed events (its deduplication), kept `retentionSeconds` (EVENTS_DEDUP_RETENTION_SECONDS). */
export function startDedupRetention(records: { pruneProcessed: Prune }, retentionSeconds: number, logger: Logger): RetentionSweeper {
  return startRetentionSweeper(
    'records of processed events',
    (cutoff, limit) => records.pruneProcessed(cutoff, limit),
    { retentionMs: retentionSeconds * 1000 },
    logger,
  );
}
