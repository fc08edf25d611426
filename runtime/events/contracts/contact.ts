import { z } from 'zod';
import { eventContract, type PayloadOf } from './event-contract';
import { entityId } from './fields';

// Published by the contact service through its outbox, in the transaction of the change.

/**
 * A message became a ticket. Consumed by users (a notice to the staff's address, `users.mail-events`). `name`,
 * `body` and `accountId` (the signed-in sender, else null) were added later: events of older publishers lack them.
 */
export const ticketOpened = eventContract(
  'contact.ticket.opened',
  1,
  z.object({
    ticketId: entityId,
    email: z.string(),
    subject: z.string(),
    name: z.string().optional(),
    body: z.string().optional(),
    accountId: entityId.nullable().optional(),
  }),
);
export type TicketOpened = PayloadOf<typeof ticketOpened>;

/** The staff replied to a ticket. Consumed by users (mails the reply to the ticket's sender, `users.mail-events`). */
export const ticketReplied = eventContract(
  'contact.ticket.replied',
  1,
  z.object({
    ticketId: entityId,
    /** The ticket message that is the reply. */
    messageId: entityId,
    email: z.string(),
    name: z.string(),
    subject: z.string(),
    body: z.string(),
    /** The sender's account when they were signed in (their language then comes from their preferences). */
    accountId: entityId.nullable(),
  }),
);
export type TicketReplied = PayloadOf<typeof ticketReplied>;
