import { orderPlaced, statusAnnouncedBy, type OrderChange } from '../../runtime/events/contracts';
import type { DomainEvent } from '../../runtime/events/domain-event';
import { orderLogCursor } from '../../runtime/graphql/order-log-cursor';

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
  /** Its place in the log of every order (no gaps, in commit order); absent when the event does not say (an older publisher). */
  position?: number;
  /** When the change happened (ISO 8601). */
  occurredAt: string;
  /** The order was just placed (not a change of status): only the staff feeds report it. */
  placed: boolean;
}

/** An order event's facts, from its payload (checked against its contract by the consumer). */
export function orderEventOf(change: OrderChange, event: DomainEvent): OrderEvent {
  return {
    eventId: event.id,
    orderId: change.orderId,
    accountId: change.accountId,
    status: change.status ?? statusAnnouncedBy(event.type),
    previousStatus: change.previousStatus ?? null,
    sequence: change.sequence ?? 0,
    ...(change.position === undefined ? {} : { position: change.position }),
    // The order's own time of the change; the envelope's (when the outbox row was written) for older events.
    occurredAt: change.occurredAt ?? event.occurredAt,
    placed: event.type === orderPlaced.type,
  };
}

/** The cursor a client resumes the staff feed from after this change (`OrderStatusChange.cursor`). */
export const cursorOf = (event: OrderEvent): string =>
  orderLogCursor(event.position === undefined ? { orderId: event.orderId, sequence: event.sequence } : { position: event.position });
