import type { DomainEvent } from '../../../runtime/events/domain-event';
import { MAX_ID_LENGTH } from '../../../runtime/validation';
import { MalformedEvent } from '../../../runtime/events/malformed-event';

/** The routing key (= event type) the reviews subgraph consumes; the orders subgraph publishes it. */
export const ORDER_DELIVERED = 'orders.order.delivered';

/** More products than any order holds: a bound on what one event may write. */
export const MAX_PRODUCTS_PER_ORDER = 500;

/** Where delivered orders are recorded (PurchaseStore); true when applied, false when the event was seen before. */
export interface PurchaseSink {
  recordDelivered(eventId: string, type: string, orderId: string, accountId: string, productIds: readonly string[]): Promise<boolean>;
}


export type OrderEventOutcome = 'applied' | 'duplicate' | 'ignored';

const isId = (value: unknown): value is string => typeof value === 'string' && value.trim().length > 0 && value.length <= MAX_ID_LENGTH;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Applies an `orders.order.delivered` event { orderId, accountId, productIds[] }: each product becomes a
 * verified purchase of the account. Idempotent: `applied` the first time, `duplicate` on a redelivery;
 * `ignored` for other types. A malformed event throws MalformedEvent.
 */
export async function handleOrderEvent(event: DomainEvent, sink: PurchaseSink): Promise<OrderEventOutcome> {
  if (!isRecord(event) || typeof event.type !== 'string') throw new MalformedEvent('The event is not an envelope with a type');
  if (event.type !== ORDER_DELIVERED) return 'ignored';
  if (!isId(event.id)) throw new MalformedEvent(`${event.type}: the event id is missing or not valid`);
  const data = isRecord(event.data) ? event.data : {};
  if (!isId(data.orderId)) throw new MalformedEvent(`${event.type} ${event.id}: data.orderId is missing or not valid`);
  if (!isId(data.accountId)) throw new MalformedEvent(`${event.type} ${event.id}: data.accountId is missing or not valid`);
  const { productIds } = data;
  if (!Array.isArray(productIds) || productIds.length === 0 || productIds.length > MAX_PRODUCTS_PER_ORDER || !productIds.every(isId)) {
    throw new MalformedEvent(`${event.type} ${event.id}: data.productIds must be 1 to ${MAX_PRODUCTS_PER_ORDER} product ids`);
  }
  const applied = await sink.recordDelivered(event.id, event.type, data.orderId, data.accountId, productIds);
  return applied ? 'applied' : 'duplicate';
}
