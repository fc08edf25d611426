import { invalidTransition } from '../../../runtime/errors';
import { TicketStatus } from '../entities/ticket-status';

/**
 * Every status change a ticket may make. OPEN → IN_PROGRESS → RESOLVED → CLOSED is the normal path; an OPEN
 * ticket may be CLOSED straight away (spam, duplicates), and a RESOLVED one reopened when the answer did not
 * help. CLOSED is final: a customer with more to say sends a new message.
 */
export const NEXT_STATUSES: Readonly<Record<TicketStatus, readonly TicketStatus[]>> = {
  OPEN: [TicketStatus.IN_PROGRESS, TicketStatus.CLOSED],
  IN_PROGRESS: [TicketStatus.RESOLVED],
  RESOLVED: [TicketStatus.CLOSED, TicketStatus.IN_PROGRESS],
  CLOSED: [],
};

export const canMove = (from: TicketStatus, to: TicketStatus) => NEXT_STATUSES[from].includes(to);

/** Throws INVALID_TRANSITION (with what is allowed instead) unless `from` → `to` is in the table; `id` names the ticket. */
export function assertTransition(from: TicketStatus, to: TicketStatus, id?: string, field?: string): void {
  if (!canMove(from, to)) throw invalidTransition({ what: 'Ticket', id, currentStatus: from, requested: to, allowed: NEXT_STATUSES[from], field });
}
