import type { Registry } from 'prom-client';
import { storeReadMetrics } from '../../../runtime/store-read-metrics';
import { OrderStatus } from '../entities/order-status';
import type { OrderStore } from './order.store';

/**
 * The shop's orders as Prometheus sees them, read from the orders table at scrape time (so replicas agree and a
 * restart changes nothing): `orders_by_status{status, currency}`, how many orders are in each status now, and
 * `orders_value_by_status{status, currency}`, what they add up to (order totals, delivery included, in minor units).
 * Every status has a series for each currency the shop has sold in, zero included, so sums over statuses stay
 * continuous: their sum over every status only grows (orders are never deleted), and its increase over a window is
 * what was ordered in it (the Shop dashboard: orders and revenue per day, average order value).
 */
export function orderMetrics(registry: Registry, orders: OrderStore): void {
  storeReadMetrics(
    registry,
    ['status', 'currency'],
    {
      orders_by_status: { help: 'Orders in each status now, by currency (read from the orders table at scrape time)' },
      orders_value_by_status: { help: 'Sum of the totals of the orders in each status now, in minor units of their currency' },
    },
    async () => {
      const rows = await orders.totalsByStatus();
      const currencies = new Set(rows.map((row) => row.currency));
      return [...currencies].flatMap((currency) =>
        Object.values(OrderStatus).map((status) => {
          const row = rows.find((candidate) => candidate.currency === currency && candidate.status === status);
          return { labels: { status, currency }, values: { orders_by_status: row?.orders ?? 0, orders_value_by_status: row?.valueMinor ?? 0 } };
        }),
      );
    },
  );
}
