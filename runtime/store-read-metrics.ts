import { Counter, Gauge, type Registry } from 'prom-client';

/** One row of a store read: label values (a metric without some of the labels leaves them out), and a value per metric it serves. */
export interface StoreReadRow<L extends string, M extends string> {
  labels: Partial<Record<L, string>>;
  values: Partial<Record<M, number>>;
}

export interface StoreReadMetric {
  help: string;
  /**
   * `gauge` for a level (orders in a status now); `counter` for a total the store keeps and only ever increases (carts
   * that ever got a line): Prometheus' rate() and increase() then treat a drop (the store lost its data) as a reset.
   */
  type?: 'gauge' | 'counter';
}

/**
 * Metrics read at scrape time from one query of the store that holds their truth (business figures: orders by
 * status, tickets, reviews, the carts' funnel). Every replica reports the same numbers, a restarted process loses
 * nothing, and dashboards aggregate them with max, never sum. One read serves all the metrics of one scrape; a read
 * that fails leaves them out of that scrape rather than reporting stale or zero figures.
 */
export function storeReadMetrics<L extends string, M extends string>(
  registry: Registry,
  labelNames: readonly L[],
  metrics: Record<M, StoreReadMetric>,
  read: () => Promise<Array<StoreReadRow<L, M>>>,
): void {
  let reading: Promise<Array<StoreReadRow<L, M>> | null> | null = null;
  // Shared by the collect() calls of one scrape: prom-client starts them all in one synchronous pass, so the read is
  // forgotten at the next microtask, and the next scrape reads again.
  const rows = () => {
    if (reading) return reading;
    reading = read().catch(() => null);
    queueMicrotask(() => (reading = null));
    return reading;
  };
  for (const [name, { help, type }] of Object.entries(metrics) as Array<[M, StoreReadMetric]>) {
    const fill = async (set: (labels: Partial<Record<L, string>>, value: number) => void) => {
      for (const row of (await rows()) ?? []) {
        const value = row.values[name];
        if (value !== undefined) set(row.labels, value);
      }
    };
    if (type === 'counter') {
      new Counter({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          await fill((labels, value) => this.inc(labels, value));
        },
      });
    } else {
      new Gauge({
        name,
        help,
        labelNames,
        registers: [registry],
        async collect() {
          this.reset();
          await fill((labels, value) => this.set(labels, value));
        },
      });
    }
  }
}
