import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import { codesOf, fromAddress, message, roomyLimits, SEND, uniqueAddress } from './contact.test-support';
import type { ContactProviders } from './context';
import { contactSubgraph } from './subgraph';

const TICKET = `query($id: ID!) { ticket(id: $id) { id body } }`;
const TICKETS = `query($first: Int) { tickets(status: OPEN, first: $first) { id } }`;
const MINE = `{ myTickets { id subject sender { id } } }`;
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Ticket { id subject body } } }`;

describe('contact subgraph (PostgreSQL via Prisma)', () => {
  let contact: StartedSubgraph<ContactProviders>;
  let staff: Record<string, string>;
  beforeAll(async () => {
    contact = await startTestSubgraph(contactSubgraph, roomyLimits);
    staff = await asStaff();
  });
  afterAll(() => contact?.stop());

  const send = async (headers: Record<string, string> = {}, input = message()) =>
    (await expectData(contact.url, SEND, { input }, { ...fromAddress(uniqueAddress()), ...headers })).sendContactMessage;

  it('turns a message into an OPEN ticket, listed among open tickets', async () => {
    const subject = unique('Wedding flowers');
    const sent = await send({}, message(subject));
    expect(sent).toMatchObject({ status: 'OPEN', subject, email: 'marta@example.com', sender: null, assignee: null, nextStatuses: ['IN_PROGRESS', 'CLOSED'] });
    const { tickets } = await expectData(contact.url, TICKETS, { first: 100 }, staff);
    expect(tickets.map((ticket: { id: string }) => ticket.id)).toContain(sent.id);
    const { ticket } = await expectData(contact.url, TICKET, { id: sent.id }, staff);
    expect(ticket.body).toBe('Do you deliver on Sundays?');
  });

  it('rejects an oversized message and providers nothing', async () => {
    const subject = unique('Too long');
    const response = await graphql(contact.url, SEND, { input: { name: 'X', email: 'x@example.com', subject, body: 'a'.repeat(5_001) } });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const all = await contact.providers.tickets.list(undefined, 100);
    expect(all.some((ticket) => ticket.subject === subject)).toBe(false);
  });

  describe('access', () => {
    it('takes the sender from the token when signed in, and lets no input name one', async () => {
      const senderId = randomUUID();
      const sent = await send(await asCustomer(senderId));
      expect(sent.sender).toEqual({ id: senderId });
      const victim = randomUUID();
      const spoofed = await graphql(contact.url, SEND, { input: { ...message(), userId: victim } });
      expect(spoofed.errors?.[0].message).toMatch(/userId/);
      expect(await contact.providers.tickets.listBySender(victim, 10)).toEqual([]);
    });

    it('keeps ticket and tickets to staff: anonymous UNAUTHENTICATED, customers FORBIDDEN, even for their own ticket', async () => {
      const ana = await asCustomer();
      const sent = await send(ana);
      for (const query of [TICKET, TICKETS]) {
        expect(codesOf(await graphql(contact.url, query, { id: sent.id })), query).toEqual(['UNAUTHENTICATED']);
        expect(codesOf(await graphql(contact.url, query, { id: sent.id }, ana)), query).toEqual(['FORBIDDEN']);
      }
      expect((await expectData(contact.url, TICKET, { id: sent.id }, await asAdmin())).ticket.id).toBe(sent.id);
    });

    it('lists in myTickets only what the caller sent while signed in, and refuses anonymous callers', async () => {
      const anaId = randomUUID();
      const ana = await asCustomer(anaId);
      const first = await send(ana, message('First'));
      const second = await send(ana, message('Second'));
      await send({}, message('Anonymous')); // not linked to anyone
      await send(await asCustomer()); // someone else's
      const { myTickets } = await expectData(contact.url, MINE, {}, ana);
      expect(myTickets).toEqual([
        { id: second.id, subject: 'Second', sender: { id: anaId } },
        { id: first.id, subject: 'First', sender: { id: anaId } },
      ]);
      expect(codesOf(await graphql(contact.url, MINE))).toEqual(['UNAUTHENTICATED']);
    });

    it("gives no field of someone else's ticket through _entities, nor of an anonymous one to anyone but staff", async () => {
      const owned = await send(await asCustomer(), { ...message('Owned secret'), body: 'my phone is +56 9 8765 4321' });
      const anonymous = await send({}, { ...message('Anonymous secret'), body: 'my address is here' });
      const representations = [
        { __typename: 'Ticket', id: owned.id },
        { __typename: 'Ticket', id: anonymous.id },
      ];
      const stranger = await graphql(contact.url, ENTITIES, { representations }, await asCustomer());
      expect(stranger.data?._entities).toEqual([null, null]);
      expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
      // Words of the tickets only: ids in the answer (a request id) are random and could hold any digits.
      expect(JSON.stringify(stranger)).not.toMatch(/secret|8765 4321|my address/);
      const nobody = await graphql(contact.url, ENTITIES, { representations });
      expect(nobody.data?._entities).toEqual([null, null]);
      expect(codesOf(nobody)).toEqual(['UNAUTHENTICATED']);
      const { _entities } = await expectData(contact.url, ENTITIES, { representations }, staff);
      expect(_entities.map((ticket: { subject: string }) => ticket.subject)).toEqual(['Owned secret', 'Anonymous secret']);
    });
  });
});
