import type { DomainEvent } from '../../runtime/events/domain-event';

/** What the router binds its queue to: every status change the orders service publishes. */
export const ORDER_EVENT_BINDINGS = ['orders.order.*'];

/** The part of an `orders.order.<status>` event the router needs to route and authorize it. */
export interface OrderEvent {
  eventId: string;
  orderId: string;
  /** The order's customer. */
  accountId: string;
  status: string;
  /** The order was just placed (not a change of status): only the staff feed reports it. */
  placed: boolean;
}

/** Reads an order event's routing facts; null for anything else on the binding (it is then ignored). */
export function orderEventOf(event: DomainEvent): OrderEvent | null {
  if (!event.type.startsWith('orders.order.')) return null;
  const { orderId, accountId, status } = event.data;
  if (typeof orderId !== 'string' || typeof accountId !== 'string') return null;
  return {
    eventId: event.id,
    orderId,
    accountId,
    status: typeof status === 'string' ? status : event.type.slice('orders.order.'.length),
    placed: event.type === 'orders.order.placed',
  };
}
