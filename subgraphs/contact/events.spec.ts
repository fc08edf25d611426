import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { captureEvents, fromAddress, message, roomyLimits, SEND, uniqueAddress, uniqueEmail } from './contact.test-support';
import type { ContactProviders } from './context';
import { contactSubgraph } from './subgraph';

const NOTE = 'mutation($id: ID!, $body: String!) { addTicketNote(id: $id, body: $body) { id } }';
const REPLY = 'mutation($id: ID!, $body: String!) { replyToTicket(id: $id, body: $body) { id replies { id } } }';

describe('contact events (outbox → real RabbitMQ, vhost flores_test)', () => {
  let contact: StartedSubgraph<ContactProviders>;
  let capture: Awaited<ReturnType<typeof captureEvents>>;
  beforeAll(async () => {
    capture = await captureEvents(['contact.ticket.*']);
    contact = await startTestSubgraph(contactSubgraph, roomyLimits);
  });
  afterAll(async () => {
    await contact?.stop();
    await capture?.stop();
  });

  it('publishes contact.ticket.opened {ticketId, email, subject} for a new ticket, once', async () => {
    const email = uniqueEmail();
    const subject = unique('Event');
    const { sendContactMessage: ticket } = await expectData(contact.url, SEND, { input: message(subject, email) }, fromAddress(uniqueAddress()));
    const event = await capture.waitFor((candidate) => candidate.data.ticketId === ticket.id);
    expect(event).toMatchObject({ type: 'contact.ticket.opened', data: { ticketId: ticket.id, email: email.toLowerCase(), subject } });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number.isNaN(Date.parse(event.occurredAt))).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 300)); // a second relay poll must not send it again
    expect(capture.events.filter((candidate) => candidate.data.ticketId === ticket.id)).toHaveLength(1);
  });

  it("publishes contact.ticket.replied for a staff reply (the sender is mailed it), not for a note or the sender's own reply", async () => {
    const customerId = randomUUID();
    const customer = await asCustomer(customerId);
    const email = uniqueEmail();
    const subject = unique('Replied');
    const { sendContactMessage: ticket } = await expectData(
      contact.url,
      SEND,
      { input: message(subject, email) },
      { ...customer, ...fromAddress(uniqueAddress()) },
    );
    const staff = await asStaff();
    await expectData(contact.url, NOTE, { id: ticket.id, body: 'Internal: check the courier' }, staff);
    const { replyToTicket } = await expectData(contact.url, REPLY, { id: ticket.id, body: 'It arrives on Monday.' }, staff);
    await expectData(contact.url, REPLY, { id: ticket.id, body: 'Thank you!' }, customer);
    const replied = await capture.waitFor((candidate) => candidate.type === 'contact.ticket.replied' && candidate.data.ticketId === ticket.id);
    expect(replied.data).toEqual({
      ticketId: ticket.id,
      messageId: replyToTicket.replies[0].id,
      email: email.toLowerCase(),
      name: 'Marta',
      subject,
      body: 'It arrives on Monday.',
      accountId: customerId,
    });
    const opened = await capture.waitFor((candidate) => candidate.type === 'contact.ticket.opened' && candidate.data.ticketId === ticket.id);
    expect(opened.data).toMatchObject({ name: 'Marta', body: 'Do you deliver on Sundays?', accountId: customerId });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(capture.events.filter((candidate) => candidate.type === 'contact.ticket.replied' && candidate.data.ticketId === ticket.id)).toHaveLength(1);
  });

  it('writes no event for a message that was refused', async () => {
    const before = capture.events.length;
    const subject = unique('Refused');
    const refused = await graphql(contact.url, SEND, { input: { ...message(subject), body: '' } }, fromAddress(uniqueAddress()));
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const marker = await expectData(contact.url, SEND, { input: message(unique('Marker')) }, fromAddress(uniqueAddress()));
    await capture.waitFor((candidate) => candidate.data.ticketId === marker.sendContactMessage.id);
    expect(capture.events.slice(before).some((candidate) => candidate.data.subject === subject)).toBe(false);
  });
});
