import { Counter, type Registry } from 'prom-client';
import { observedGauge } from '../observed-gauge';

/** `events_queue_depth{queue}`: events waiting in a consumer's queue, read from the broker at scrape time. */
export const queueDepthGauge = (registry: Registry) =>
  observedGauge(registry, 'events_queue_depth', 'Events ready in a consumer queue, not yet delivered to it', 'queue');

/** `events_outbox_backlog{outbox}`: events committed to an outbox and not yet published, read at scrape time. */
export const outboxBacklogGauge = (registry: Registry) =>
  observedGauge(registry, 'events_outbox_backlog', 'Events written to an outbox and not yet published to RabbitMQ', 'outbox');

/** `events_consumed_total{queue, outcome}`: handled, failed (redelivered later) or dropped (not a domain event). */
export function consumedCounter(registry: Registry): Counter<'queue' | 'outcome'> {
  const name = 'events_consumed_total';
  return (
    (registry.getSingleMetric(name) as Counter<'queue' | 'outcome'> | undefined) ??
    new Counter({ name, help: 'Events taken from a consumer queue by outcome', labelNames: ['queue', 'outcome'], registers: [registry] })
  );
}
