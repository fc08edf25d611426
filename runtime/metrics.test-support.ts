import type { Registry } from 'prom-client';

/**
 * A metric's values in `registry` keyed by the JSON of their labels (collect functions run first, as on a
 * scrape); empty when the metric is not registered.
 */
export async function metricSeries(registry: Registry, name: string): Promise<Map<string, number>> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return new Map();
  const { values } = await metric.get();
  return new Map(values.map(({ labels, value }) => [JSON.stringify(labels), value]));
}
