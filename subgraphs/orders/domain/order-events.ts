import { ORDER_STATUS_CHANGED, orderPlaced, type OrderEventContract } from '../../../runtime/events/contracts';
import type { OrderStatus } from '../../../prisma/orders/client/enums';
import type { OrderActor } from './order-lifecycle';
import type { OrderState, PlacedOrder } from './order-state';

export type OrderEventType = 'ORDER_PLACED' | 'STATUS_CHANGED';

/** One entry of an order's append-only history. */
export interface OrderEvent {
  id: string;
  orderId: string;
  /** 1 for ORDER_PLACED, then one more per event. */
  sequence: number;
  type: OrderEventType;
  /** The status the order has after this event. */
  status: OrderStatus;
  previousStatus: OrderStatus | null;
  actorId: string;
  actorRole: OrderActor;
  note: string | null;
  occurredAt: Date;
  /** The placed order for ORDER_PLACED; empty for STATUS_CHANGED. */
  payload: PlacedOrder | Record<string, never>;
}

/**
 * The projection of the event log onto the current order: the read model is written from exactly this, in
 * the same transaction as the event, and replaying an order's events gives it back (see order-events.spec.ts
 * and the store's `replay`). Events out of sequence are refused rather than applied.
 */
export function applyOrderEvent(state: OrderState | null, event: OrderEvent): OrderState {
  const expectedSequence = (state?.version ?? 0) + 1;
  if (event.sequence !== expectedSequence) {
    throw new Error(`Order ${event.orderId}: event ${event.sequence} applied where ${expectedSequence} was expected`);
  }
  if (event.type === 'ORDER_PLACED') {
    if (state) throw new Error(`Order ${event.orderId} was placed twice`);
    const placed = event.payload as PlacedOrder;
    return { ...placed, id: event.orderId, status: event.status, version: event.sequence, placedAt: event.occurredAt, updatedAt: event.occurredAt };
  }
  if (!state) throw new Error(`Order ${event.orderId} changed status before it was placed`);
  if (state.status !== event.previousStatus) {
    throw new Error(`Order ${event.orderId}: a change from ${event.previousStatus} applied to an order ${state.status}`);
  }
  return { ...state, status: event.status, version: event.sequence, updatedAt: event.occurredAt };
}

/** The order its events describe; null for no events. */
export const replayOrder = (events: readonly OrderEvent[]): OrderState | null =>
  [...events].sort((a, b) => a.sequence - b.sequence).reduce<OrderState | null>(applyOrderEvent, null);

/** The contract of the domain event published for an order event: `orders.order.placed`, `orders.order.out_for_delivery`… */
export function domainEventContractOf(event: Pick<OrderEvent, 'type' | 'status'>): OrderEventContract {
  if (event.type === 'ORDER_PLACED') return orderPlaced;
  if (event.status === 'PENDING') throw new Error('An order never changes back to PENDING');
  return ORDER_STATUS_CHANGED[event.status];
}

/** The routing key of the domain event published for an order event. */
export const domainEventTypeOf = (event: Pick<OrderEvent, 'type' | 'status'>): string => domainEventContractOf(event).type;
