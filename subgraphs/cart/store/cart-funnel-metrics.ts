import type { Registry } from 'prom-client';
import { storeReadMetrics } from '../../../runtime/store-read-metrics';
import { FUNNEL_STAGES, type CartStore } from './cart.store';

/**
 * The carts' funnel as Prometheus sees it, read from Redis at scrape time (shared by the replicas, unchanged by their
 * restarts): `cart_funnel_total{stage}`, how many carts got their first line (`started`) and how their time with lines
 * ended (`ordered`, `abandoned`: expired with lines, `emptied`, `merged`), and `cart_funnel_open`, carts holding lines
 * now. Conversion is ordered over the carts that ended; abandonment, abandoned over the same (the Shop dashboard).
 */
export function cartFunnelMetrics(registry: Registry, carts: CartStore): void {
  storeReadMetrics(
    registry,
    ['stage'],
    {
      cart_funnel_total: { type: 'counter', help: 'Carts that got their first line (started) and how their time with lines ended, by stage' },
      cart_funnel_open: { help: 'Carts holding lines now (not expired)' },
    },
    async () => {
      const { open, stages } = await carts.funnel();
      return [
        { labels: {}, values: { cart_funnel_open: open } },
        ...FUNNEL_STAGES.map((stage) => ({ labels: { stage }, values: { cart_funnel_total: stages[stage] } })),
      ];
    },
  );
}
