import type { Prisma } from '../../../prisma/contact/client/client';
import { outboxRow, type JsonObject } from '../../../runtime/events/outbox';

/** The contact service's events, with what each carries; consumers rely on these shapes. */
export interface ContactEvents {
  /** A message became a ticket (e.g. for an acknowledgement mail or a staff notification). */
  'contact.ticket.opened': { ticketId: string; email: string; subject: string };
}

/** Writes an event to the outbox inside `tx`: it is published exactly when the transaction commits. */
export function recordEvent<T extends keyof ContactEvents>(tx: Prisma.TransactionClient, type: T, data: ContactEvents[T]) {
  return tx.outboxEvent.create({ data: outboxRow(type, data as unknown as JsonObject) });
}
