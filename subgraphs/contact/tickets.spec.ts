import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { codesOf, fromAddress, message, roomyLimits, SEND, TICKET_FIELDS, uniqueAddress } from './contact.test-support';
import type { ContactProviders } from './context';
import { contactSubgraph } from './subgraph';

const STATUS = `mutation($id: ID!, $status: TicketStatus!) { changeTicketStatus(id: $id, status: $status) { ${TICKET_FIELDS} } }`;
const NOTE = `mutation($id: ID!, $body: String!) { addTicketNote(id: $id, body: $body) { id status notes { body author { id } } } }`;
const REPLY = `mutation($id: ID!, $body: String!) { replyToTicket(id: $id, body: $body) { id status replies { body fromStaff author { id } } } }`;
const STAFF_VIEW = `query($id: ID!) { ticket(id: $id) { id status replies { body fromStaff } notes { body } } }`;
const MINE = `{ myTickets { id status replies { body fromStaff author { id } } } }`;
const MINE_WITH_NOTES = `{ myTickets { id notes { body } } }`;

describe('ticket handling (PostgreSQL via Prisma)', () => {
  let contact: StartedSubgraph<ContactProviders>;
  let staff: Record<string, string>;
  const staffId = randomUUID();
  beforeAll(async () => {
    contact = await startTestSubgraph(contactSubgraph, roomyLimits);
    staff = await asStaff(staffId);
  });
  afterAll(() => contact?.stop());

  const open = async (headers: Record<string, string> = {}) =>
    (await expectData(contact.url, SEND, { input: message(unique('Ticket')) }, { ...fromAddress(uniqueAddress()), ...headers })).sendContactMessage;
  const move = (id: string, status: string) => graphql(contact.url, STATUS, { id, status }, staff);
  const statusOf = async (id: string) => (await contact.providers.tickets.findById(id))!.status;

  describe('lifecycle', () => {
    it('walks OPEN → IN_PROGRESS → RESOLVED → IN_PROGRESS (reopened) → RESOLVED → CLOSED, offering the next statuses each time', async () => {
      const ticket = await open();
      const steps: Array<[string, string[]]> = [
        ['IN_PROGRESS', ['RESOLVED']],
        ['RESOLVED', ['CLOSED', 'IN_PROGRESS']],
        ['IN_PROGRESS', ['RESOLVED']],
        ['RESOLVED', ['CLOSED', 'IN_PROGRESS']],
        ['CLOSED', []],
      ];
      for (const [status, next] of steps) {
        const { changeTicketStatus } = await expectData(contact.url, STATUS, { id: ticket.id, status }, staff);
        expect(changeTicketStatus).toMatchObject({ id: ticket.id, status, nextStatuses: next });
      }
    });

    it('refuses a move outside the table with INVALID_TRANSITION, naming what is allowed, and changes nothing', async () => {
      const ticket = await open();
      const skip = await move(ticket.id, 'RESOLVED');
      expect(skip.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', from: 'OPEN', to: 'RESOLVED', allowed: ['IN_PROGRESS', 'CLOSED'] });
      expect(await statusOf(ticket.id)).toBe('OPEN');
      expect(codesOf(await move(ticket.id, 'OPEN'))).toEqual(['INVALID_TRANSITION']);
      await expectData(contact.url, STATUS, { id: ticket.id, status: 'CLOSED' }, staff);
      for (const status of ['OPEN', 'IN_PROGRESS', 'RESOLVED']) expect(codesOf(await move(ticket.id, status)), status).toEqual(['INVALID_TRANSITION']);
      expect(await statusOf(ticket.id)).toBe('CLOSED');
    });

    it('lets only one of two concurrent moves from the same status win', async () => {
      const ticket = await open();
      const outcomes = await Promise.all([move(ticket.id, 'IN_PROGRESS'), move(ticket.id, 'CLOSED')]);
      const won = outcomes.filter((outcome) => !outcome.errors);
      expect(won).toHaveLength(1);
      expect(codesOf(outcomes.find((outcome) => outcome.errors)!)[0]).toMatch(/CONFLICT|INVALID_TRANSITION/);
      expect(await statusOf(ticket.id)).toBe(won[0].data!.changeTicketStatus.status);
    });

    it('answers NOT_FOUND for an unknown ticket and keeps status changes to staff', async () => {
      expect(codesOf(await move(randomUUID(), 'CLOSED'))).toEqual(['NOT_FOUND']);
      const customerId = randomUUID();
      const ticket = await open(await asCustomer(customerId));
      expect(codesOf(await graphql(contact.url, STATUS, { id: ticket.id, status: 'CLOSED' }, await asCustomer(customerId)))).toEqual(['FORBIDDEN']);
      expect(codesOf(await graphql(contact.url, STATUS, { id: ticket.id, status: 'CLOSED' }))).toEqual(['UNAUTHENTICATED']);
      expect(await statusOf(ticket.id)).toBe('OPEN');
    });
  });

  describe('replies and notes', () => {
    it('shows the sender the staff replies but never the notes; a staff reply starts work on an OPEN ticket', async () => {
      const customerId = randomUUID();
      const customer = await asCustomer(customerId);
      const ticket = await open(customer);
      const { addTicketNote } = await expectData(contact.url, NOTE, { id: ticket.id, body: 'Customer sounds upset: offer a discount' }, staff);
      expect(addTicketNote).toMatchObject({ status: 'OPEN', notes: [{ body: 'Customer sounds upset: offer a discount', author: { id: staffId } }] });
      const { replyToTicket } = await expectData(contact.url, REPLY, { id: ticket.id, body: 'Yes, we deliver on Sundays.' }, staff);
      expect(replyToTicket).toEqual({
        id: ticket.id,
        status: 'IN_PROGRESS',
        replies: [{ body: 'Yes, we deliver on Sundays.', fromStaff: true, author: { id: staffId } }],
      });

      const { myTickets } = await expectData(contact.url, MINE, {}, customer);
      expect(myTickets).toEqual([
        { id: ticket.id, status: 'IN_PROGRESS', replies: [{ body: 'Yes, we deliver on Sundays.', fromStaff: true, author: { id: staffId } }] },
      ]);
      const peek = await graphql(contact.url, MINE_WITH_NOTES, {}, customer);
      expect(codesOf(peek)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(peek)).not.toMatch(/discount/);
      expect(codesOf(await graphql(contact.url, NOTE, { id: ticket.id, body: 'my own note' }, customer))).toEqual(['FORBIDDEN']);
    });

    it('lets the sender reply to their own ticket, reopening it when RESOLVED, and nobody else', async () => {
      const customerId = randomUUID();
      const customer = await asCustomer(customerId);
      const ticket = await open(customer);
      await expectData(contact.url, STATUS, { id: ticket.id, status: 'IN_PROGRESS' }, staff);
      await expectData(contact.url, STATUS, { id: ticket.id, status: 'RESOLVED' }, staff);
      const { replyToTicket } = await expectData(contact.url, REPLY, { id: ticket.id, body: 'It did not arrive' }, customer);
      expect(replyToTicket).toMatchObject({ status: 'IN_PROGRESS', replies: [{ body: 'It did not arrive', fromStaff: false, author: { id: customerId } }] });

      const stranger = await graphql(contact.url, REPLY, { id: ticket.id, body: 'spam' }, await asCustomer());
      expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
      expect(codesOf(await graphql(contact.url, REPLY, { id: ticket.id, body: 'spam' }))).toEqual(['UNAUTHENTICATED']);
      const anonymousTicket = await open();
      expect(codesOf(await graphql(contact.url, REPLY, { id: anonymousTicket.id, body: 'spam' }, customer))).toEqual(['FORBIDDEN']);
      const { ticket: seen } = await expectData(contact.url, STAFF_VIEW, { id: ticket.id }, staff);
      expect(seen.replies).toEqual([{ body: 'It did not arrive', fromStaff: false }]);
    });

    it('takes no reply on a CLOSED ticket, and no blank or oversized text', async () => {
      const customer = await asCustomer();
      const ticket = await open(customer);
      expect(codesOf(await graphql(contact.url, REPLY, { id: ticket.id, body: '   ' }, staff))).toEqual(['BAD_USER_INPUT']);
      expect(codesOf(await graphql(contact.url, NOTE, { id: ticket.id, body: 'n'.repeat(5_001) }, staff))).toEqual(['BAD_USER_INPUT']);
      await expectData(contact.url, STATUS, { id: ticket.id, status: 'CLOSED' }, staff);
      expect(codesOf(await graphql(contact.url, REPLY, { id: ticket.id, body: 'Hello?' }, customer))).toEqual(['INVALID_TRANSITION']);
      expect(codesOf(await graphql(contact.url, REPLY, { id: ticket.id, body: 'Hello?' }, staff))).toEqual(['INVALID_TRANSITION']);
      const { ticket: seen } = await expectData(contact.url, STAFF_VIEW, { id: ticket.id }, staff);
      expect(seen).toMatchObject({ status: 'CLOSED', replies: [], notes: [] });
    });
  });
});
