import { Counter, type Registry } from 'prom-client';
import { observedGauge } from '../../../runtime/observed-gauge';
import type { CheckoutIntents } from '../store/checkout-intents';

/** Who released a checkout's reservation: the checkout itself when it failed, or the sweeper afterwards. */
export type ReleasedBy = 'checkout' | 'sweeper';

export interface ReservationMetrics {
  /** One release call to the catalog, and how it ended. */
  release(by: ReleasedBy, outcome: 'released' | 'failed'): void;
  /** Stops reading the gauge (at shutdown). */
  stop(): void;
}

/**
 * `orders_checkout_intents{state}`: intents OPEN (checkouts under way, or past their deadline and not swept yet) and
 * ABANDONED (stock being given back; they stay while the catalog cannot be reached), read at scrape time.
 * `orders_reservation_releases_total{by, outcome}`: release calls by the checkout and by the sweeper.
 */
export function reservationMetrics(registry: Registry, intents: CheckoutIntents): ReservationMetrics {
  const releases = new Counter({
    name: 'orders_reservation_releases_total',
    help: 'Stock reservations given back to the catalog for checkouts that wrote no order, by who asked (checkout, sweeper) and outcome',
    labelNames: ['by', 'outcome'],
    registers: [registry],
  });
  for (const by of ['checkout', 'sweeper'] as const) for (const outcome of ['released', 'failed'] as const) releases.inc({ by, outcome }, 0);
  const gauge = observedGauge(registry, 'orders_checkout_intents', 'Checkout intents not finished yet, by state (OPEN, ABANDONED)', 'state');
  // One query per scrape for both series.
  let counting: Promise<Record<'OPEN' | 'ABANDONED', number>> | null = null;
  const count = () => (counting ??= intents.countUnfinished().finally(() => setImmediate(() => (counting = null))));
  const unwatch = [gauge.watch('OPEN', async () => (await count()).OPEN), gauge.watch('ABANDONED', async () => (await count()).ABANDONED)];
  return {
    release: (by, outcome) => releases.inc({ by, outcome }),
    stop: () => unwatch.forEach((stop) => stop()),
  };
}

/** For a checkout service or sweeper built without a registry (scripts, tests). */
export const noReservationMetrics: ReservationMetrics = { release: () => {}, stop: () => {} };
