import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../../runtime/metrics';
import { ORDER_SUBSCRIPTION_FIELDS } from './order-subscription';

/** Open subscriptions and results sent, by field (four values: bounded cardinality), each field a series from the start. */
export function subscriptionMetrics(metrics: Metrics) {
  const made = instruments(metrics);
  for (const field of ORDER_SUBSCRIPTION_FIELDS) {
    made.open.set({ field }, 0);
    made.delivered.inc({ field }, 0);
  }
  return made;
}

function instruments(metrics: Metrics) {
  return {
    open: new Gauge({
      name: 'router_subscriptions_open',
      help: 'Open GraphQL subscriptions by field',
      labelNames: ['field'] as const,
      registers: [metrics.registry],
    }),
    slowClients: new Counter({
      name: 'router_subscription_slow_clients_total',
      help: 'Subscriber sockets cut because their client stopped reading (unsent events past the limit); they resume when they come back',
      registers: [metrics.registry],
    }),
    delivered: new Counter({
      name: 'router_subscription_events_delivered_total',
      help: 'Subscription results sent to clients, by field',
      labelNames: ['field'] as const,
      registers: [metrics.registry],
    }),
  };
}

export type SubscriptionMetrics = ReturnType<typeof subscriptionMetrics>;
