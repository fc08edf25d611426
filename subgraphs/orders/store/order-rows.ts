import type { Order as OrderRow, OrderEvent as OrderEventRow, OrderLine as OrderLineRow } from '../../../prisma/orders/client/client';
import { money } from '../../../runtime/graphql/money';
import type { OrderEvent } from '../domain/order-events';
import type { OrderActor } from '../domain/order-lifecycle';
import type { DeliveryAddressSnapshot, OrderState, PlacedOrder } from '../domain/order-state';
import type { Order, OrderLine } from '../entities/order';
import type { OrderTimelineEntry } from '../entities/order-timeline';

// Conversions between the orders schema's rows and what the domain and the GraphQL types hold.

const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/** How an order's lines are listed everywhere: by product name, then product id. */
export const LINE_ORDER = [{ productName: 'asc' as const }, { productId: 'asc' as const }];

export function toOrder(row: OrderRow): Order {
  const address = row.deliveryAddress as DeliveryAddressSnapshot | null;
  return {
    id: row.id,
    user: { id: row.userId },
    status: row.status,
    subtotal: money(row.subtotalCents, row.currency),
    deliveryFee: money(row.deliveryFeeCents, row.currency),
    total: money(row.totalCents, row.currency),
    delivery:
      row.deliveryDate && row.deliveryWindow && address
        ? { date: isoDate(row.deliveryDate), window: row.deliveryWindow, address, ...(row.deliveryZone ? { zoneId: row.deliveryZone } : {}) }
        : null,
    giftMessage: row.giftMessage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toOrderLine(row: OrderLineRow, order: { currency: string; userId: string }): OrderLine & { orderId: string } {
  return {
    id: row.id,
    orderId: row.orderId,
    product: { id: row.productId },
    productName: row.productName,
    unitPrice: money(row.unitPriceCents, order.currency),
    quantity: row.quantity,
    lineTotal: money(row.unitPriceCents * row.quantity, order.currency),
    ownerId: order.userId,
  };
}

export function toOrderEvent(row: OrderEventRow): OrderEvent {
  return {
    id: row.id,
    orderId: row.orderId,
    sequence: row.sequence,
    type: row.type as OrderEvent['type'],
    status: row.status,
    previousStatus: row.previousStatus,
    actorId: row.actorId,
    actorRole: row.actorRole as OrderActor,
    note: row.note,
    occurredAt: row.occurredAt,
    payload: row.payload as OrderEvent['payload'],
  };
}

export const toTimelineEntry = (event: OrderEvent, ownerId: string): OrderTimelineEntry & { orderId: string } => ({
  orderId: event.orderId,
  sequence: event.sequence,
  kind: event.type,
  type: event.type,
  status: event.status,
  previousStatus: event.previousStatus,
  actor: event.actorRole,
  actorRole: event.actorRole,
  note: event.note,
  occurredAt: event.occurredAt,
  ownerId,
});

/** The read-model columns of an order state (lines are rows of their own). */
export function readModelColumns(state: OrderState) {
  return {
    userId: state.userId,
    status: state.status,
    version: state.version,
    currency: state.currency,
    subtotalCents: state.subtotalMinor,
    deliveryFeeCents: state.deliveryFeeMinor,
    totalCents: state.totalMinor,
    idempotencyKey: state.idempotencyKey,
    cartId: state.cartId,
    deliveryDate: state.delivery ? new Date(`${state.delivery.date}T00:00:00Z`) : null,
    deliveryWindow: state.delivery?.window ?? null,
    deliveryZone: state.delivery?.zoneId ?? null,
    deliveryAddress: state.delivery ? { ...state.delivery.address } : undefined,
    giftMessage: state.giftMessage,
    createdAt: state.placedAt,
    updatedAt: state.updatedAt,
  };
}

/** The state the read model holds, for comparing with a replay of the events (lines included). */
export function stateOfRow(row: OrderRow & { lines: OrderLineRow[] }): Omit<OrderState, 'placedAt' | 'updatedAt'> {
  const order = toOrder(row);
  const placed: PlacedOrder = {
    userId: row.userId,
    currency: row.currency,
    subtotalMinor: row.subtotalCents,
    deliveryFeeMinor: row.deliveryFeeCents,
    totalMinor: row.totalCents,
    idempotencyKey: row.idempotencyKey,
    cartId: row.cartId,
    delivery: order.delivery,
    giftMessage: row.giftMessage,
    lines: row.lines.map((line) => ({
      productId: line.productId,
      productName: line.productName,
      unitPriceMinor: line.unitPriceCents,
      quantity: line.quantity,
    })),
  };
  return { ...placed, id: row.id, status: row.status, version: row.version };
}
