import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { fromAddress, message, SEND, uniqueAddress, uniqueEmail } from './contact.test-support';
import type { ContactProviders } from './context';
import { contactSubgraph } from './subgraph';

const WINDOW_SECONDS = 600;

describe('contact form rate limits (real Redis)', () => {
  let contact: StartedSubgraph<ContactProviders>;
  beforeAll(async () => {
    contact = await startTestSubgraph(contactSubgraph, {
      CONTACT_MAX_MESSAGES_PER_ADDRESS: '3',
      CONTACT_MAX_MESSAGES_PER_EMAIL: '2',
      CONTACT_MESSAGE_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });
  afterAll(() => contact?.stop());

  const send = (address: string, email: string, subject = unique('Limited')) =>
    graphql(contact.url, SEND, { input: message(subject, email) }, fromAddress(address));
  const stored = async (subject: string) => (await contact.providers.tickets.list(undefined, 100)).some((ticket) => ticket.subject === subject);

  it('refuses the fourth message from one address with TOO_MANY_ATTEMPTS and retryAfterSeconds, and providers nothing', async () => {
    const address = uniqueAddress();
    for (let i = 0; i < 3; i += 1) expect((await send(address, uniqueEmail())).errors).toBeUndefined();
    const subject = unique('One too many');
    const refused = await send(address, uniqueEmail(), subject);
    expect(refused.errors?.[0].extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    const retryAfter = refused.errors?.[0].extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(WINDOW_SECONDS - 30);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(await stored(subject)).toBe(false);
    // Another address is not affected.
    expect((await send(uniqueAddress(), uniqueEmail())).errors).toBeUndefined();
  });

  it('refuses the third message for one email (however it is written) from any address', async () => {
    const email = uniqueEmail();
    expect((await send(uniqueAddress(), email)).errors).toBeUndefined();
    expect((await send(uniqueAddress(), `  ${email.toUpperCase()} `)).errors).toBeUndefined();
    const refused = await send(uniqueAddress(), email);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect((await send(uniqueAddress(), uniqueEmail())).errors).toBeUndefined();
  });

  it('does not count a message rejected as bad input', async () => {
    const address = uniqueAddress();
    for (let i = 0; i < 5; i += 1) {
      const bad = await graphql(contact.url, SEND, { input: { ...message(), email: 'not-an-email' } }, fromAddress(address));
      expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    const { sendContactMessage } = await expectData(contact.url, SEND, { input: message(unique('Counted'), uniqueEmail()) }, fromAddress(address));
    expect(sendContactMessage.status).toBe('OPEN');
  });

  it('keys on the address the router vouched for: an unsigned address header is ignored', async () => {
    // Without a valid signature every request counts against the connecting peer, so rotating a forged header does not help.
    const peer = uniqueAddress();
    const forged = (address: string) => ({ 'x-client-address': address, 'x-client-address-signature': 'forged' });
    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await graphql(contact.url, SEND, { input: message(unique('Forged'), uniqueEmail()) }, forged(`${peer}${i}`)));
    expect(results.some((result) => result.errors?.[0].extensions?.code === 'TOO_MANY_ATTEMPTS')).toBe(true);
  });
});
