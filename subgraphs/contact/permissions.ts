import { or, rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { allow, isAuthenticated, isOwnerOrStaff, isStaff } from '../../runtime/auth/rules';
import type { Ticket } from './entities/ticket';

/** The answer to `sendContactMessage` shows the sender what they just sent, even when anonymous. */
const sentInThisRequest = rule('sentInThisRequest', { cache: 'no_cache' })((parent: Ticket) => parent.sentInThisRequest === true);

const ticketReader = or(
  sentInThisRequest,
  isOwnerOrStaff('contact.Ticket', (ticket: Ticket) => ticket.sender?.id),
);

/**
 * Anyone may write to the shop; staff handle the tickets. A ticket sent signed in is also its sender's to
 * read (`myTicketsConnection`, with the replies) and answer (`replyToTicket` checks ownership itself, since it needs
 * the ticket). Every field of a ticket checks this, so one reached through `_entities` shows nothing to
 * anyone else; internal notes are staff-only whoever else may read the ticket.
 */
export const contactPermissions: IRules = {
  Query: {
    ticket: isStaff,
    tickets: isStaff,
    ticketsConnection: isStaff,
    myTickets: isAuthenticated,
    myTicketsConnection: isAuthenticated,
  },
  Mutation: {
    sendContactMessage: allow,
    assignTicket: isStaff,
    changeTicketStatus: isStaff,
    addTicketNote: isStaff,
    replyToTicket: isAuthenticated,
  },
  Ticket: { '*': ticketReader, notes: isStaff },
  // Reachable only through Ticket.replies / Ticket.notes, which are guarded above.
  TicketReply: { '*': allow },
  TicketNote: { '*': allow },
  // Pages of tickets, reached only through the connections guarded above; each ticket is still checked.
  TicketConnection: allow,
  TicketEdge: allow,
  PageInfo: allow,
  User: { id: allow },
};
