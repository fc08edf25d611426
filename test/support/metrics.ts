/** The /metrics address of a service, from its GraphQL address. */
export const metricsUrl = (graphqlUrl: string) => graphqlUrl.replace(/\/graphql$/, '/metrics');

/**
 * The sum of a metric's series whose labels include `labels`, from a service's Prometheus text
 * (undefined when no series matches: the metric was never set, or its read failed at scrape time).
 */
export async function metricValue(graphqlUrl: string, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const text = await (await fetch(metricsUrl(graphqlUrl))).text();
  let total: number | undefined;
  for (const match of text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/gm)) {
    if (match[1] !== name) continue;
    const series = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1], label[2]]));
    if (Object.entries(labels).every(([key, value]) => series[key] === value)) total = (total ?? 0) + Number(match[3]);
  }
  return total;
}
