export interface MetricSample {
  labels: Record<string, string>;
  value: number;
}

/** Every series of a metric a service serves at `metricsUrl` (its metrics port: RunningService.metricsUrl), with its labels. */
export async function metricSamples(metricsUrl: string, name: string): Promise<MetricSample[]> {
  return parseMetricSamples(await (await fetch(metricsUrl)).text(), name);
}

/** Every series of a metric in Prometheus text already read (several metrics of one scrape). */
export function parseMetricSamples(text: string, name: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const match of text.matchAll(/^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)$/gm)) {
    if (match[1] !== name) continue;
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((label) => [label[1], label[2]]));
    samples.push({ labels, value: Number(match[3]) });
  }
  return samples;
}

/**
 * The sum of a metric's series whose labels include `labels` (undefined when no series matches: the metric
 * was never set, or its read failed at scrape time).
 */
export async function metricValue(metricsUrl: string, name: string, labels: Record<string, string> = {}): Promise<number | undefined> {
  const matching = (await metricSamples(metricsUrl, name)).filter((sample) => Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
  return matching.length === 0 ? undefined : matching.reduce((sum, sample) => sum + sample.value, 0);
}
