import { Histogram, type Registry } from 'prom-client';

/** How one attempt at a subgraph call ended: answered (any status below 500), a 5xx, or no answer (timeout, refused). */
export type SubgraphCallOutcome = 'answered' | 'server_error' | 'no_answer';

/**
 * `router_subgraph_request_duration_seconds{subgraph, outcome}`: every attempt the router makes at a
 * subgraph (a retried query counts each attempt; calls refused by an open breaker are not attempts).
 */
export function subgraphCallHistogram(registry: Registry): Histogram<'subgraph' | 'outcome'> {
  return new Histogram({
    name: 'router_subgraph_request_duration_seconds',
    help: 'Duration of each attempt at a subgraph call, by subgraph and outcome',
    labelNames: ['subgraph', 'outcome'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
}
