import { metricValue } from './metrics';
import type { RunningSupergraph } from './supergraph';

/** GraphQL requests the subgraphs have served so far, from their own /metrics (to prove the router called none). */
export async function subgraphRequestCount(supergraph: RunningSupergraph): Promise<number> {
  let total = 0;
  for (const service of supergraph.subgraphs.values())
    total += (await metricValue(service.metricsUrl, 'http_request_duration_seconds_count', { path: '/graphql' })) ?? 0;
  return total;
}
