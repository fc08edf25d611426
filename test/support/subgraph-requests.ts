import type { RunningSupergraph } from './supergraph';

/** GraphQL requests the subgraphs have served so far, from their own /metrics (to prove the router called none). */
export async function subgraphRequestCount(supergraph: RunningSupergraph): Promise<number> {
  let total = 0;
  for (const service of supergraph.subgraphs.values()) {
    const metrics = await (await fetch(service.url.replace('/graphql', '/metrics'))).text();
    for (const match of metrics.matchAll(/^http_request_duration_seconds_count\{[^}]*path="\/graphql"[^}]*\} (\d+)/gm)) total += Number(match[1]);
  }
  return total;
}
