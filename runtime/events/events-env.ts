import { z } from 'zod';
import { url } from '../config';

/** Where domain events go; shared by every service that publishes or consumes them. */
export const eventsEnv = {
  RABBITMQ_URL: url(['amqp', 'amqps'], 'amqp://guest:guest@127.0.0.1:5672'),
};

/** How often the outbox relay looks for unpublished rows when it found none (it drains full batches at once). */
export const outboxEnv = {
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
};
