import type { DomainEvent } from '../../../runtime/events/domain-event';
import { MalformedEvent } from '../../../runtime/events/malformed-event';
import { MAX_ID_LENGTH } from '../../../runtime/validation';
import type { CartStore, RemoveOrderedOutcome } from '../store/cart.store';

/**
 * The orders service's word that an order was placed from a cart:
 * `data: { orderId, accountId, status, previousStatus, sequence, cartId, lines: [{ productId, quantity }], productIds }`.
 */
export const ORDER_PLACED = 'orders.order.placed';

/** More products than any order holds: beyond this the event is not one the orders service made. */
const MAX_PRODUCTS = 100;

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;

/** Takes the ordered products out of the customer's cart, once per event (see CartStore.removeOrdered). */
export async function handleOrderPlaced(event: DomainEvent, carts: CartStore): Promise<RemoveOrderedOutcome | 'no-cart'> {
  const { accountId, cartId, lines, productIds } = event.data as { accountId?: unknown; cartId?: unknown; lines?: unknown; productIds?: unknown };
  const ordered = orderedProducts(lines, productIds);
  if (event.type !== ORDER_PLACED || !isId(event.id) || !isId(accountId) || (cartId !== null && cartId !== undefined && !isId(cartId)) || !ordered) {
    throw new MalformedEvent(`not a valid ${ORDER_PLACED} event`);
  }
  // An order placed without a cart (or before carts were recorded on orders) leaves every cart alone.
  if (cartId === null || cartId === undefined) return 'no-cart';
  return carts.removeOrdered(event.id, cartId, accountId, ordered);
}

/** The products of `productIds`, else of `lines`; null when neither is a list of ids. */
function orderedProducts(lines: unknown, productIds: unknown): string[] | null {
  const ids = Array.isArray(productIds)
    ? productIds
    : Array.isArray(lines)
      ? lines.map((line: unknown) => (line as { productId?: unknown } | null)?.productId)
      : null;
  if (!ids || ids.length === 0 || ids.length > MAX_PRODUCTS || !ids.every(isId)) return null;
  return [...new Set(ids)];
}
