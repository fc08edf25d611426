import { Counter, type Registry } from 'prom-client';
import { observedGauge } from '../observed-gauge';

/** `events_queue_depth{queue}`: events waiting in a consumer's queue, read from the broker at scrape time. */
export const queueDepthGauge = (registry: Registry) =>
  observedGauge(registry, 'events_queue_depth', 'Events ready in a consumer queue, not yet delivered to it', 'queue');

/**
 * `events_consumer_connected{queue}`: 1 while a consumer consumes its queue, 0 while it reconnects to RabbitMQ
 * (a process's own queue keeps the events of that time, which flow in once it is 1 again).
 */
export const consumerConnectedGauge = (registry: Registry) =>
  observedGauge(registry, 'events_consumer_connected', 'Whether a consumer is consuming its queue (1) or reconnecting to RabbitMQ (0)', 'queue');

/** `events_outbox_backlog{outbox}`: events committed to an outbox and not yet published, read at scrape time. */
export const outboxBacklogGauge = (registry: Registry) =>
  observedGauge(registry, 'events_outbox_backlog', 'Events written to an outbox and not yet published to RabbitMQ', 'outbox');

/**
 * `events_consumed_total{queue, outcome}`: handled, failed (tried again later, or given up on once it failed too
 * often) or dropped (not a domain event; or given up on in a queue of one process, which keeps no dead letters).
 */
export function consumedCounter(registry: Registry): Counter<'queue' | 'outcome'> {
  const name = 'events_consumed_total';
  return (
    (registry.getSingleMetric(name) as Counter<'queue' | 'outcome'> | undefined) ??
    new Counter({ name, help: 'Events taken from a consumer queue by outcome', labelNames: ['queue', 'outcome'], registers: [registry] })
  );
}

/** `events_dead_lettered_total{queue}`: events a consumer gave up on after too many failures and moved to `<queue>.dead`. */
export function deadLetteredCounter(registry: Registry): Counter<'queue'> {
  const name = 'events_dead_lettered_total';
  return (
    (registry.getSingleMetric(name) as Counter<'queue'> | undefined) ??
    new Counter({
      name,
      help: 'Events moved to a dead-letter queue after failing too often, by the queue they came from',
      labelNames: ['queue'],
      registers: [registry],
    })
  );
}
