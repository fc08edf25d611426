import type { OrderCancelled, StockReleased } from '../../../runtime/events/contracts';
import { CacheTags } from '../../../runtime/graphql/cache-tags';
import { tagStockChanges } from '../domain/stock-cache-tags';
import type { StockTransition } from '../store/catalog-writes';
import type { StockReservations } from '../store/stock-reservations';

/**
 * The announcement of a reservation's give-backs (`catalog.stock.released`): the products whose stock may have
 * changed and the router's cache tags they changed (`catalog:Product:<id>:stock`, plus `catalog:Product:<id>` and
 * `catalog:Product` where a stock came back from zero; see domain/stock-cache-tags.ts).
 */
export function stockReleasedBy(reservationId: string, productIds: string[], givenBack: readonly StockTransition[]): StockReleased {
  const tags = new CacheTags('catalog');
  tagStockChanges(tags, givenBack);
  return { orderId: reservationId, productIds, cacheTags: tags.report()?.changes ?? [] };
}

/**
 * Gives back the stock a cancelled order held (the order id is its reservation id). Idempotent without a record
 * of handled events: a reservation's release entries are written once at most (see stock-reservations.ts), so a
 * redelivery releases nothing more. Resolves to every give-back of the reservation, this delivery's or an earlier
 * one's (whose announcement may have failed: it is announced again, with the same tags).
 */
export const releaseCancelled =
  (reservations: StockReservations) =>
  async ({ orderId }: OrderCancelled): Promise<StockTransition[]> => {
    await reservations.release(orderId);
    return reservations.releaseTransitions(orderId);
  };
