import { Counter, Gauge } from 'prom-client';
import type { Metrics } from '../../runtime/metrics';

/** Open subscriptions and results sent, by field (four values: bounded cardinality). */
export function subscriptionMetrics(metrics: Metrics) {
  return {
    open: new Gauge({
      name: 'router_subscriptions_open',
      help: 'Open GraphQL subscriptions by field',
      labelNames: ['field'] as const,
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
