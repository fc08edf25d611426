import { decodeCursor, encodeCursor, invalidCursor } from './cursor';

/**
 * Where a change sits in the log of every order: its position there (no gaps, in commit order, see the orders
 * service's OrderWriter), or, for an event published without one (by an orders process of an earlier release),
 * its order and sequence, which the orders service turns into a position when a client resumes from it.
 */
export type OrderLogPoint = { position: number } | { orderId: string; sequence: number };

/** The opaque cursor of a point of the order log: what `OrderStatusChange.cursor` says and `orderChanges(after:)` takes. */
export const orderLogCursor = (point: OrderLogPoint): string =>
  encodeCursor('position' in point ? { p: point.position } : { o: point.orderId, s: point.sequence });

/** The point a cursor names; BAD_USER_INPUT on `field` when it is not a cursor of the order log. */
export function readOrderLogCursor(cursor: string, field = 'after'): OrderLogPoint {
  const value = decodeCursor(cursor, field) as { p?: unknown; o?: unknown; s?: unknown } | null;
  if (value && Number.isSafeInteger(value.p) && (value.p as number) >= 0) return { position: value.p as number };
  if (value && typeof value.o === 'string' && value.o.length > 0 && value.o.length <= 100 && Number.isSafeInteger(value.s) && (value.s as number) > 0)
    return { orderId: value.o, sequence: value.s as number };
  throw invalidCursor(field);
}
