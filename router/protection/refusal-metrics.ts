import { Counter, type Registry } from 'prom-client';

/** What the router's protection counts, for the dashboards: who hit a rate limit, and which operations were too big. */
export interface RefusalMetrics {
  /**
   * `router_rate_limit_refusals_total{operation_class, scope}`: scope is `account` or `address`; operation_class
   * `query` or `mutation` as the request's document names it, `subscription` for a subscribe, and `refused` for
   * a request refused before its operations are counted (its body, its input's depth, its batch length; a
   * graphql-ws socket refused at connect).
   */
  rateLimited: Counter<'operation_class' | 'scope'>;
  /** `router_operation_refusals_total{code}`: DOCUMENT_TOO_LARGE, TOO_MANY_SELECTIONS, QUERY_TOO_DEEP, TOO_MANY_ALIASES, QUERY_TOO_COSTLY, BATCH_TOO_LARGE; graphql-ws TOO_MANY_CONNECTIONS, TOO_MANY_SUBSCRIPTIONS. */
  refusedOperations: Counter<'code'>;
}

/** The codes of `router_operation_refusals_total`, each a series from the start. */
const REFUSAL_CODES = [
  'DOCUMENT_TOO_LARGE',
  'TOO_MANY_SELECTIONS',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'QUERY_TOO_COSTLY',
  'BATCH_TOO_LARGE',
  'TOO_MANY_CONNECTIONS',
  'TOO_MANY_SUBSCRIPTIONS',
];

/** The counters, with a series for every label value from the start: the first refusal shows in rate() and increase(). */
export function refusalMetrics(registry: Registry): RefusalMetrics {
  const metrics = counters(registry);
  for (const operationClass of ['query', 'mutation', 'subscription', 'refused'])
    for (const scope of ['account', 'address']) metrics.rateLimited.inc({ operation_class: operationClass, scope }, 0);
  for (const code of REFUSAL_CODES) metrics.refusedOperations.inc({ code }, 0);
  return metrics;
}

function counters(registry: Registry): RefusalMetrics {
  return {
    rateLimited: new Counter({
      name: 'router_rate_limit_refusals_total',
      help: 'Operations refused with 429 because the caller spent their budget, by operation class and budget',
      labelNames: ['operation_class', 'scope'],
      registers: [registry],
    }),
    refusedOperations: new Counter({
      name: 'router_operation_refusals_total',
      help: 'Operations refused before planning for their shape (depth, aliases, cost, batch length) and graphql-ws sockets or subscriptions over their limits, by code',
      labelNames: ['code'],
      registers: [registry],
    }),
  };
}
