import type { DomainEvent } from '../../runtime/events/domain-event';

/** What the router binds its queue to: every status change the orders service publishes. */
export const ORDER_EVENT_BINDINGS = ['orders.order.*'];

/** The part of an `orders.order.<status>` event the router needs to route, authorize and report it. */
export interface OrderEvent {
  eventId: string;
  orderId: string;
  /** The order's customer. */
  accountId: string;
  /** The status the order reached by this event: what subscribers are shown, whatever the order is by the time it is hydrated. */
  status: string;
  /** Null for a placed order. */
  previousStatus: string | null;
  /** The event's place in the order's history (1 for the placing); 0 when the event does not say (an older publisher). */
  sequence: number;
  /** When the change happened (ISO 8601). */
  occurredAt: string;
  /** The order was just placed (not a change of status): only the staff feeds report it. */
  placed: boolean;
}

/** Reads an order event's facts; null for anything else on the binding (it is then ignored). */
export function orderEventOf(event: DomainEvent): OrderEvent | null {
  if (!event.type.startsWith('orders.order.')) return null;
  const { orderId, accountId, status, previousStatus, sequence, occurredAt } = event.data;
  if (typeof orderId !== 'string' || typeof accountId !== 'string') return null;
  return {
    eventId: event.id,
    orderId,
    accountId,
    status: typeof status === 'string' ? status : event.type.slice('orders.order.'.length).toUpperCase(),
    previousStatus: typeof previousStatus === 'string' ? previousStatus : null,
    sequence: typeof sequence === 'number' && Number.isInteger(sequence) ? sequence : 0,
    // The order's own time of the change; the envelope's (when the outbox row was written) for older events.
    occurredAt: typeof occurredAt === 'string' ? occurredAt : event.occurredAt,
    placed: event.type === 'orders.order.placed',
  };
}
