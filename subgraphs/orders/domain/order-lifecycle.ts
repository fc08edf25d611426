import type { RoleName } from '../../../runtime/auth/identity';
import { OrderStatus } from '../../../prisma/orders/client/enums';

/** Who moves an order: its own customer, or the shop's staff (ADMIN counts as staff here). */
export type OrderActor = 'CUSTOMER' | 'STAFF';

interface Transition {
  to: OrderStatus;
  by: readonly OrderActor[];
}

/**
 * The order lifecycle. Staff move an order forward one step at a time; the customer may cancel while the
 * shop has not started on it (PENDING, CONFIRMED); staff may also cancel while it is being prepared. Once
 * it is out for delivery it can only be delivered. DELIVERED and CANCELLED are final.
 */
export const ORDER_LIFECYCLE: Readonly<Record<OrderStatus, readonly Transition[]>> = {
  PENDING: [
    { to: 'CONFIRMED', by: ['STAFF'] },
    { to: 'CANCELLED', by: ['CUSTOMER', 'STAFF'] },
  ],
  CONFIRMED: [
    { to: 'PREPARING', by: ['STAFF'] },
    { to: 'CANCELLED', by: ['CUSTOMER', 'STAFF'] },
  ],
  PREPARING: [
    { to: 'OUT_FOR_DELIVERY', by: ['STAFF'] },
    { to: 'CANCELLED', by: ['STAFF'] },
  ],
  OUT_FOR_DELIVERY: [{ to: 'DELIVERED', by: ['STAFF'] }],
  DELIVERED: [],
  CANCELLED: [],
};

/** The actors a caller can act as on an order: staff roles make them STAFF, owning it makes them CUSTOMER. */
export function actorsFor(roles: readonly RoleName[], ownsOrder: boolean): OrderActor[] {
  const actors: OrderActor[] = [];
  if (ownsOrder) actors.push('CUSTOMER');
  if (roles.includes('STAFF') || roles.includes('ADMIN')) actors.push('STAFF');
  return actors;
}

/** Every status the order may go to next, whoever makes the move. */
export const possibleNextStatuses = (from: OrderStatus): OrderStatus[] => ORDER_LIFECYCLE[from].map((transition) => transition.to);

/** The statuses these actors may move the order to now, in lifecycle order. */
export function nextStatusesFor(from: OrderStatus, actors: readonly OrderActor[]): OrderStatus[] {
  return ORDER_LIFECYCLE[from].filter((transition) => transition.by.some((actor) => actors.includes(actor))).map((transition) => transition.to);
}

export type TransitionCheck = { allowed: true; as: OrderActor } | { allowed: false; reason: 'NOT_A_NEXT_STATUS' | 'NOT_YOURS_TO_MAKE' };

/** Whether these actors may move an order from `from` to `to`, and in which capacity (staff preferred). */
export function checkTransition(from: OrderStatus, to: OrderStatus, actors: readonly OrderActor[]): TransitionCheck {
  const transition = ORDER_LIFECYCLE[from].find((candidate) => candidate.to === to);
  if (!transition) return { allowed: false, reason: 'NOT_A_NEXT_STATUS' };
  const as = (['STAFF', 'CUSTOMER'] as const).find((actor) => actors.includes(actor) && transition.by.includes(actor));
  return as ? { allowed: true, as } : { allowed: false, reason: 'NOT_YOURS_TO_MAKE' };
}

export const isFinal = (status: OrderStatus) => ORDER_LIFECYCLE[status].length === 0;
