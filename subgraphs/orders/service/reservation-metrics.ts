import { Counter, type Registry } from 'prom-client';
import { storeReadMetrics } from '../../../runtime/store-read-metrics';
import type { CheckoutIntents } from '../store/checkout-intents';

/** Who released a checkout's reservation: the checkout itself when it failed, or the sweeper afterwards. */
export type ReleasedBy = 'checkout' | 'sweeper';

export interface ReservationMetrics {
  /** One release call to the catalog, and how it ended. */
  release(by: ReleasedBy, outcome: 'released' | 'failed'): void;
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
  // Read at scrape time, both states in one query (the same reader as the shop's business figures).
  storeReadMetrics(registry, ['state'], { orders_checkout_intents: { help: 'Checkout intents not finished yet, by state (OPEN, ABANDONED)' } }, async () => {
    const counts = await intents.countUnfinished();
    return (['OPEN', 'ABANDONED'] as const).map((state) => ({ labels: { state }, values: { orders_checkout_intents: counts[state] } }));
  });
  return {
    release: (by, outcome) => releases.inc({ by, outcome }),
  };
}

/** For a checkout service or sweeper built without a registry (scripts, tests). */
export const noReservationMetrics: ReservationMetrics = { release: () => {} };
