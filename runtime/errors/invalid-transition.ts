import { DomainError } from './domain-error';

export interface Transition {
  /** What is moving, for the message: "Order", "Ticket", "Review". */
  what: string;
  /** The object, when the caller knows it (a lifecycle checked on its own does not). */
  id?: string;
  currentStatus: string;
  /** The status the change asked for. */
  requested: string;
  /** The statuses this caller may move it to now. */
  allowed: readonly string[];
  /** The argument that asked for the change, when one did. */
  field?: string;
}

/**
 * INVALID_TRANSITION, the same for orders, tickets and reviews. `from` and `to` repeat `currentStatus` and
 * `requested` under the names tickets answered with first, so no client reading them breaks.
 */
export function invalidTransition({ what, id, currentStatus, requested, allowed, field }: Transition): DomainError<'INVALID_TRANSITION'> {
  const subject = id === undefined ? `A ${what.toLowerCase()}` : `${what} ${id}`;
  return new DomainError('INVALID_TRANSITION', `${subject} is ${currentStatus} and cannot become ${requested}`, {
    ...(id === undefined ? {} : { id }),
    currentStatus,
    requested,
    allowed: [...allowed],
    from: currentStatus,
    to: requested,
    ...(field === undefined ? {} : { field }),
  });
}
