import { byContract, on, orderPlaced, type ContractConsumer, type OrderPlaced } from '../../../runtime/events/contracts';
import { MalformedEvent } from '../../../runtime/events/malformed-event';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import type { CartStore, RemoveOrderedOutcome } from '../store/cart.store';

/** More products than any order holds: beyond this the event is not one the orders service made. */
const MAX_PRODUCTS = 100;

export type OrderPlacedOutcome = RemoveOrderedOutcome | 'no-cart';

/** Takes the ordered products out of the customer's cart, once per event (see CartStore.removeOrdered). */
export function orderPlacedEvents(carts: CartStore): ContractConsumer<OrderPlacedOutcome> {
  return byContract(on(orderPlaced, (placed, event) => removeOrdered(placed, event, carts)));
}

async function removeOrdered({ accountId, cartId, productIds }: OrderPlaced, event: DomainEvent, carts: CartStore): Promise<OrderPlacedOutcome> {
  if (productIds.length > MAX_PRODUCTS) throw new MalformedEvent(`${event.type} ${event.id}: more than ${MAX_PRODUCTS} products`);
  // An order placed without a cart (or before carts were recorded on orders) leaves every cart alone.
  if (cartId === null || cartId === undefined) return 'no-cart';
  return carts.removeOrdered(event.id, cartId, accountId, [...new Set(productIds)]);
}
