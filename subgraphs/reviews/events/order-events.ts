import { byContract, on, orderDelivered, type ContractConsumer, type OrderDelivered } from '../../../runtime/events/contracts';
import type { DomainEvent } from '../../../runtime/events/domain-event';

/** Where delivered orders are recorded (PurchaseStore); true when applied, false when the event was seen before. */
export interface PurchaseSink {
  recordDelivered(eventId: string, type: string, orderId: string, accountId: string, productIds: readonly string[]): Promise<boolean>;
}

export type OrderEventOutcome = 'applied' | 'duplicate';

/**
 * Records an `orders.order.delivered` event: each product becomes a verified purchase of the account.
 * Idempotent: `applied` the first time, `duplicate` on a redelivery.
 */
export const recordDelivered =
  (sink: PurchaseSink) =>
  async ({ orderId, accountId, productIds }: OrderDelivered, event: DomainEvent): Promise<OrderEventOutcome> =>
    (await sink.recordDelivered(event.id, event.type, orderId, accountId, productIds)) ? 'applied' : 'duplicate';

/** The consumer of delivered orders, with `record` as the handler (recordDelivered, announced or not). */
export const deliveredOrders = (record: (delivered: OrderDelivered, event: DomainEvent) => Promise<OrderEventOutcome>): ContractConsumer<OrderEventOutcome> =>
  byContract(on(orderDelivered, record));

/**
 * Applies an order event: `ignored` for types other than `orders.order.delivered`; a malformed one throws
 * MalformedEvent (with the reason).
 */
export const handleOrderEvent = (event: DomainEvent, sink: PurchaseSink) => deliveredOrders(recordDelivered(sink)).handle(event);
