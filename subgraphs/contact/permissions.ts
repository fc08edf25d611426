import { or, rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { allow, isAuthenticated, isOwnerOrStaff, isStaff } from '../../runtime/auth/rules';
import type { Ticket } from './entities/ticket';

/** The answer to `sendContactMessage` shows the sender what they just sent, even when anonymous. */
const sentInThisRequest = rule('sentInThisRequest', { cache: 'no_cache' })((parent: Ticket) => parent.sentInThisRequest === true);

/**
 * Anyone may write to the shop; staff handle the tickets. A ticket sent signed in is also its sender's to
 * read (`myTickets`); one sent anonymously has no owner to read it later. Every field of a ticket checks
 * this, so one reached through `_entities` shows nothing to anyone else.
 */
export const contactPermissions: IRules = {
  Query: {
    ticket: isStaff,
    tickets: isStaff,
    myTickets: isAuthenticated,
  },
  Mutation: {
    sendContactMessage: allow,
  },
  Ticket: or(sentInThisRequest, isOwnerOrStaff('contact.Ticket', (ticket: Ticket) => ticket.sender?.id)),
  User: { id: allow },
};
