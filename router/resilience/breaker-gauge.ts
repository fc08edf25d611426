import { Gauge, type Registry } from 'prom-client';

/** `router_subgraph_breaker_state{subgraph}`: 0 closed, 1 half-open, 2 open. */
export function breakerGauge(registry: Registry): Gauge<'subgraph'> {
  return new Gauge({
    name: 'router_subgraph_breaker_state',
    help: "State of each subgraph's circuit breaker: 0 closed, 1 half-open, 2 open",
    labelNames: ['subgraph'],
    registers: [registry],
  });
}
