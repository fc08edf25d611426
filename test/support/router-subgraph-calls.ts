import { metricValue } from './metrics';
import type { RunningSupergraph } from './supergraph';

/**
 * Calls the router has made to any subgraph so far, from its own /metrics (to prove it called none). Not what the
 * subgraphs served: they also call each other on their own (the orders' sweeper releases, through the catalog, the
 * reservations any test run abandoned in the shared store), which says nothing about the router.
 */
export async function routerSubgraphCalls(supergraph: RunningSupergraph): Promise<number> {
  return (await metricValue(supergraph.router.metricsUrl, 'router_subgraph_request_duration_seconds_count')) ?? 0;
}
