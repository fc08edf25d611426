import { z } from 'zod';
import { url } from '../config';

const DAY_SECONDS = 86_400;

/** Where domain events go; shared by every service that publishes or consumes them. */
export const eventsEnv = {
  RABBITMQ_URL: url(['amqp', 'amqps'], 'amqp://guest:guest@127.0.0.1:5672'),
};

/**
 * The outbox relay of a service: how often it looks for unpublished rows when it found none (it drains full
 * batches at once), and how long published rows are kept (for inspection, or to republish by hand) before the
 * relay deletes them. Unpublished rows are never deleted.
 */
export const outboxEnv = {
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  OUTBOX_RETENTION_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(366 * DAY_SECONDS)
    .default(7 * DAY_SECONDS),
};

/**
 * Every service that consumes events: how many failed handlings of one event (counted across redeliveries
 * and restarts, see consumer.ts) before it is moved to the queue's dead-letter queue `<queue>.dead`.
 */
export const consumerEnv = {
  EVENTS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(100).default(8),
};

/**
 * Consumers that record the ids of the events they applied (users, reviews, cart): how long a record is kept.
 * It must outlast any plausible redelivery of the event: the broker's retries (minutes), a relay publishing an
 * event again after a crash (its next poll), and a copy republished from the producer's outbox by hand, which
 * keeps published rows for OUTBOX_RETENTION_SECONDS (7 days by default): hence twice that.
 */
export const dedupEnv = {
  EVENTS_DEDUP_RETENTION_SECONDS: z.coerce
    .number()
    .int()
    .min(3_600)
    .max(366 * DAY_SECONDS)
    .default(14 * DAY_SECONDS),
};
