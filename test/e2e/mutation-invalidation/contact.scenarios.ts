import { expect } from 'vitest';
import type { Caller, MutationInvalidation, Read, Shop } from './types';

const UNCACHED = 'tickets are never cached (Ticket has no cache hint), and staff, who handle them, read past the cache';
const MY_TICKETS = 'query { myTickets(first: 5) { id status replies { body } } }';
const TICKET = 'query($id: ID!) { ticket(id: $id) { id status assignee { id } replies { body } notes { body } } }';

/** A ticket sent by a new signed-in customer. */
async function sentTicket(shop: Shop): Promise<{ sender: Caller; ticketId: string }> {
  const sender = await shop.customer();
  const input = {
    name: 'Ana Rojas',
    email: `${shop.unique('inv-sender')}@example.com`,
    subject: 'Where is my bouquet?',
    body: 'It was due yesterday afternoon.',
  };
  const { sendContactMessage } = await shop.run(sender.headers, 'mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id } }', { input });
  return { sender, ticketId: sendContactMessage.id };
}

const staffRead = (shop: Shop, ticketId: string, shows: (ticket: any) => void): Read => ({
  who: 'staff (the caller)',
  as: shop.staff,
  cache: 'BYPASS',
  query: TICKET,
  variables: { id: ticketId },
  shows: (data) => shows(data.ticket),
});

const senderRead = (sender: Caller, ticketId: string, shows: (ticket: any) => void): Read => ({
  who: 'the sender',
  as: sender.headers,
  cache: 'MISS',
  query: MY_TICKETS,
  shows: (data) => shows(data.myTickets.find((ticket: any) => ticket.id === ticketId)),
});

/** Messages to the shop and their handling by staff. */
export const contactScenarios: MutationInvalidation[] = [
  {
    field: 'Mutation.sendContactMessage',
    uncachedBecause: UNCACHED,
    arrange: async (shop) => {
      const sender = await shop.customer();
      const input = { name: 'Ana Rojas', email: `${shop.unique('inv-sender')}@example.com`, subject: 'Sunday delivery?', body: 'Do you deliver on Sundays?' };
      return {
        mutation: { as: sender.headers, query: 'mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id } }', variables: { input } },
        reads: [
          {
            who: 'the sender',
            as: sender.headers,
            cache: 'MISS',
            query: MY_TICKETS,
            shows: (data) => expect(data.myTickets).toMatchObject([{ status: 'OPEN' }]),
          },
        ],
      };
    },
  },
  {
    // The assignee must be a real STAFF account in the auth subgraph.
    field: 'Mutation.assignTicket',
    uncachedBecause: UNCACHED,
    arrange: async (shop) => {
      const { ticketId } = await sentTicket(shop);
      const assignee = await shop.accountHolder();
      await shop.run(shop.admin, 'mutation($id: ID!) { grantRole(accountId: $id, role: STAFF) { account { id } } }', { id: assignee.accountId });
      return {
        mutation: {
          as: shop.staff,
          query: 'mutation($id: ID!, $a: ID!) { assignTicket(id: $id, assigneeId: $a) { id } }',
          variables: { id: ticketId, a: assignee.accountId },
        },
        reads: [staffRead(shop, ticketId, (ticket) => expect(ticket.assignee).toEqual({ id: assignee.accountId }))],
      };
    },
  },
  {
    field: 'Mutation.changeTicketStatus',
    uncachedBecause: UNCACHED,
    arrange: async (shop) => {
      const { sender, ticketId } = await sentTicket(shop);
      const inProgress = (ticket: any) => expect(ticket.status).toBe('IN_PROGRESS');
      return {
        mutation: { as: shop.staff, query: 'mutation($id: ID!) { changeTicketStatus(id: $id, status: IN_PROGRESS) { id } }', variables: { id: ticketId } },
        reads: [senderRead(sender, ticketId, inProgress), staffRead(shop, ticketId, inProgress)],
      };
    },
  },
  {
    field: 'Mutation.addTicketNote',
    uncachedBecause: UNCACHED,
    arrange: async (shop) => {
      const { ticketId } = await sentTicket(shop);
      return {
        mutation: { as: shop.staff, query: 'mutation($id: ID!) { addTicketNote(id: $id, body: "Courier called") { id } }', variables: { id: ticketId } },
        reads: [staffRead(shop, ticketId, (ticket) => expect(ticket.notes).toEqual([{ body: 'Courier called' }]))],
      };
    },
  },
  {
    field: 'Mutation.replyToTicket',
    uncachedBecause: UNCACHED,
    arrange: async (shop) => {
      const { sender, ticketId } = await sentTicket(shop);
      const replied = (ticket: any) => expect(ticket).toMatchObject({ status: 'IN_PROGRESS', replies: [{ body: 'It is on its way.' }] });
      return {
        mutation: { as: shop.staff, query: 'mutation($id: ID!) { replyToTicket(id: $id, body: "It is on its way.") { id } }', variables: { id: ticketId } },
        reads: [senderRead(sender, ticketId, replied), staffRead(shop, ticketId, replied)],
      };
    },
  },
];
