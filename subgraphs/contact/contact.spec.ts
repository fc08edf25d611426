import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import type { ContactStores } from './context';
import { contactSubgraph } from './subgraph';

const SEND = `mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id status subject email sender { id } } }`;

describe('contact subgraph (PostgreSQL via Prisma)', () => {
  let contact: StartedSubgraph<ContactStores>;
  beforeAll(async () => {
    contact = await startTestSubgraph(contactSubgraph);
  });
  afterAll(() => contact?.stop());

  it('turns a message into an OPEN ticket, listed among open tickets', async () => {
    const subject = unique('Wedding flowers');
    const { sendContactMessage } = await expectData(contact.url, SEND, {
      input: { name: 'Marta', email: 'Marta@Example.com', subject, body: 'Do you deliver on Sundays?' },
    });
    expect(sendContactMessage).toMatchObject({ status: 'OPEN', subject, email: 'marta@example.com', sender: null });
    const { tickets } = await expectData(contact.url, `{ tickets(status: OPEN, first: 100) { id } }`);
    expect(tickets.map((ticket: { id: string }) => ticket.id)).toContain(sendContactMessage.id);
    const { ticket } = await expectData(contact.url, `query($id: ID!) { ticket(id: $id) { body } }`, { id: sendContactMessage.id });
    expect(ticket.body).toBe('Do you deliver on Sundays?');
  });

  it('rejects an oversized message and stores nothing', async () => {
    const subject = unique('Too long');
    const response = await graphql(contact.url, SEND, { input: { name: 'X', email: 'x@example.com', subject, body: 'a'.repeat(5_001) } });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    const all = await contact.stores.tickets.list(undefined, 100);
    expect(all.some((ticket) => ticket.subject === subject)).toBe(false);
  });
});
