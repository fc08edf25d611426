import { z } from 'zod';
import { eventContract, type EventContract, type PayloadOf } from './event-contract';
import { entityId, isoTime, uuid } from './fields';

// Published by the orders service through its outbox, one event per entry of an order's history, in the
// transaction that appends it. Every router consumes all of them (live subscriptions, a queue of its own each).

export const ORDER_STATUSES = ['PENDING', 'CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED'] as const;
export type OrderStatusName = (typeof ORDER_STATUSES)[number];
/** The statuses an order can change to (PENDING is where it starts). */
export type ChangedStatus = Exclude<OrderStatusName, 'PENDING'>;

const orderStatus = z.enum(ORDER_STATUSES);
/** More products than any order holds: a bound on what one event may make a consumer write. */
export const MAX_PRODUCTS_PER_ORDER = 500;
const productIds = z
  .array(entityId)
  .min(1, 'must name at least one product')
  .max(MAX_PRODUCTS_PER_ORDER, `must name at most ${MAX_PRODUCTS_PER_ORDER} products`);

/**
 * What every order event carries. The orders service always sends every field; only `orderId` and `accountId`
 * are required of all, as events of older publishers (and of tests) lack the others.
 */
const orderChange = z.object({
  orderId: entityId,
  /** The order's customer. */
  accountId: entityId,
  /** The status the order reached by this event. */
  status: orderStatus.optional(),
  /** Null for a placed order. */
  previousStatus: orderStatus.nullable().optional(),
  /** The event's place in the order's history (1 for the placing). */
  sequence: z.number().int().positive().optional(),
  /**
   * The event's place in the log of every order (no gaps, in commit order): what the staff feed's cursors
   * name. Absent from events of older publishers.
   */
  position: z.number().int().positive().optional(),
  /** When the change happened (the envelope's `occurredAt` is when the outbox row was written). */
  occurredAt: isoTime.optional(),
  /** The cart checked out; null for other events. */
  cartId: entityId.nullable().optional(),
  productIds: productIds.optional(),
  lines: z.array(z.object({ productId: entityId, quantity: z.number().int().positive() })).optional(),
  /** What the customer is told of a placed order (its confirmation mail); null for other events. */
  receipt: z
    .object({
      currency: z.string().length(3),
      subtotalMinor: z.number().int(),
      deliveryFeeMinor: z.number().int(),
      totalMinor: z.number().int(),
      lines: z.array(z.object({ productId: entityId, name: z.string(), quantity: z.number().int().positive(), unitPriceMinor: z.number().int() })),
      /** The delivery slot: a calendar date (`YYYY-MM-DD`) and a window (MORNING, AFTERNOON, ...); null without delivery. */
      delivery: z.object({ date: z.string(), window: z.string(), city: z.string() }).nullable(),
    })
    .nullable()
    .optional(),
});
/**
 * An order was placed. Consumed by the cart (empties the ordered lines of `cartId`, `cart.order-events`), users
 * (the confirmation mail, `users.mail-events`) and the routers' staff feeds.
 */
export const orderPlaced = eventContract('orders.order.placed', 1, orderChange.required({ productIds: true }));
export type OrderPlaced = PayloadOf<typeof orderPlaced>;

/** A cancelled order. Consumed by the catalog (gives back the stock reserved under the order's id, `catalog.order-events`). */
export const orderCancelled = eventContract('orders.order.cancelled', 1, orderChange.extend({ orderId: uuid }));
export type OrderCancelled = PayloadOf<typeof orderCancelled>;

/** A delivered order. Consumed by reviews (each product becomes a verified purchase of the customer, `reviews.order-events`). */
export const orderDelivered = eventContract('orders.order.delivered', 1, orderChange.required({ productIds: true }));
export type OrderDelivered = PayloadOf<typeof orderDelivered>;

/** The event of each change of status, by the status reached. */
export const ORDER_STATUS_CHANGED = {
  CONFIRMED: eventContract('orders.order.confirmed', 1, orderChange),
  PREPARING: eventContract('orders.order.preparing', 1, orderChange),
  OUT_FOR_DELIVERY: eventContract('orders.order.out_for_delivery', 1, orderChange),
  DELIVERED: orderDelivered,
  CANCELLED: orderCancelled,
} as const satisfies Record<ChangedStatus, EventContract>;

/** Every order event: what a router's live subscriptions take. */
export const ORDER_EVENTS = [orderPlaced, ...Object.values(ORDER_STATUS_CHANGED)] as const;
export type OrderEventContract = (typeof ORDER_EVENTS)[number];
export type OrderChange = PayloadOf<OrderEventContract>;

/** The status an order event of `type` announces, for payloads that do not say (events of older publishers). */
export function statusAnnouncedBy(type: string): OrderStatusName {
  if (type === orderPlaced.type) return 'PENDING';
  const found = (Object.keys(ORDER_STATUS_CHANGED) as ChangedStatus[]).find((status) => ORDER_STATUS_CHANGED[status].type === type);
  if (!found) throw new Error(`${type} is not an order event`);
  return found;
}
