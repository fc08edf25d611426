import type { DomainEvent } from '../../../runtime/events/domain-event';
import { MalformedEvent } from '../../../runtime/events/malformed-event';
import { CacheTags } from '../../../runtime/graphql/cache-tags';
import { isUuid } from '../../../runtime/validation';
import { tagStockChanges } from '../domain/stock-cache-tags';
import type { StockTransition } from '../store/catalog-writes';
import type { StockReservations } from '../store/stock-reservations';

/** The orders service's word that an order was cancelled: `data: { orderId, ... }`; the order id is its reservation id. */
export const ORDER_CANCELLED = 'orders.order.cancelled';
/**
 * Announced after a release: `data: { orderId, productIds, cacheTags }`: the products whose stock may have changed,
 * and the router's cache tags the give-backs changed (`catalog:Product:<id>:stock`, plus `catalog:Product:<id>` and
 * `catalog:Product` where a stock came back from zero; see domain/stock-cache-tags.ts).
 */
export const STOCK_RELEASED = 'catalog.stock.released';

/** The announcement of a reservation's give-backs: what the router must drop. */
export function stockReleased(reservationId: string, productIds: string[], givenBack: readonly StockTransition[]) {
  const tags = new CacheTags('catalog');
  tagStockChanges(tags, givenBack);
  return { orderId: reservationId, productIds, cacheTags: tags.report()?.changes ?? [] };
}

/**
 * Gives back the stock the order held. Idempotent without a record of handled events: a reservation's
 * release entries are written once at most (see stock-reservations.ts), so a redelivery releases nothing more.
 * Returns every give-back of the reservation, this delivery's or an earlier one's (whose announcement may have
 * failed: it is announced again, with the same tags).
 */
export async function handleOrderCancelled(event: DomainEvent, reservations: StockReservations): Promise<StockTransition[]> {
  const { orderId } = event.data as { orderId?: unknown };
  if (event.type !== ORDER_CANCELLED || typeof orderId !== 'string' || !isUuid(orderId)) {
    throw new MalformedEvent(`not a valid ${ORDER_CANCELLED} event`);
  }
  await reservations.release(orderId);
  return reservations.releaseTransitions(orderId);
}
