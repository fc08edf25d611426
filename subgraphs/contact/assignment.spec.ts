import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { scriptedSubgraph, type ScriptedSubgraph } from '../../test/support/scripted-subgraph';
import { startTestSubgraph } from '../../test/support/subgraph';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy';
import { asCustomer, asStaff } from '../../test/support/tokens';
import type { AuthProviders } from '../auth/context';
import { authSubgraph } from '../auth/subgraph';
import { AUTH_CALL_TIMEOUT_MS } from './clients/auth.client';
import { codesOf, fromAddress, message, roomyLimits, SEND, TICKET_FIELDS, uniqueAddress } from './contact.test-support';
import type { ContactProviders } from './context';
import { contactSubgraph } from './subgraph';

const ASSIGN = `mutation($id: ID!, $assigneeId: ID!) { assignTicket(id: $id, assigneeId: $assigneeId) { ${TICKET_FIELDS} } }`;
const REGISTER = `mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }`;

/**
 * Assignments against a real auth subgraph (PostgreSQL schema `auth`), reached through a TCP relay so a test
 * can take it away: contact asks it, signed as the service "contact", whether the assignee is staff.
 */
describe('assigning a ticket (contact asks the auth subgraph who is staff)', () => {
  let auth: StartedSubgraph<AuthProviders>;
  let authLink: TcpProxy;
  let contact: StartedSubgraph<ContactProviders>;
  let staff: Record<string, string>;
  const accounts = { customer: '', staff: '', otherStaff: '', admin: '' };

  const register = async () =>
    (await expectData(auth.url, REGISTER, { input: { email: `${unique('assignee')}@example.com`, password: 'Tulips and 7 roses' } })).registerAccount
      .id as string;

  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph);
    authLink = await startTcpProxy(auth.url);
    contact = await startTestSubgraph(contactSubgraph, { ...roomyLimits, AUTH_URL: authLink.url });
    staff = await asStaff();
    const [customer, staffMember, otherStaff, admin] = await Promise.all([register(), register(), register(), register()]);
    const grantedBy = randomUUID();
    await auth.providers.accounts.grantRole(staffMember, 'STAFF', grantedBy);
    await auth.providers.accounts.grantRole(otherStaff, 'STAFF', grantedBy);
    await auth.providers.accounts.grantRole(admin, 'ADMIN', grantedBy);
    Object.assign(accounts, { customer, staff: staffMember, otherStaff, admin });
  });
  afterAll(async () => {
    await contact?.stop();
    await authLink?.down();
    await auth?.stop();
  });

  const open = async () =>
    (await expectData(contact.url, SEND, { input: message(unique('Assign')) }, fromAddress(uniqueAddress()))).sendContactMessage as { id: string };
  const assign = (id: string, assigneeId: string, headers = staff, url = contact.url) => graphql(url, ASSIGN, { id, assigneeId }, headers);
  const stored = async (id: string) => (await contact.providers.tickets.findById(id))!;

  it('assigns to a STAFF account and to an ADMIN account, shown as Ticket.assignee', async () => {
    const ticket = await open();
    const { assignTicket } = await expectData(contact.url, ASSIGN, { id: ticket.id, assigneeId: accounts.staff }, staff);
    expect(assignTicket).toMatchObject({ id: ticket.id, status: 'OPEN', assignee: { id: accounts.staff } });
    expect((await stored(ticket.id)).assignee).toEqual({ id: accounts.staff });
    const reassigned = await expectData(contact.url, ASSIGN, { id: ticket.id, assigneeId: accounts.admin }, staff);
    expect(reassigned.assignTicket.assignee).toEqual({ id: accounts.admin });
    expect((await stored(ticket.id)).assignee).toEqual({ id: accounts.admin });
  });

  it("refuses a customer's account with ASSIGNEE_NOT_STAFF naming it, and leaves the ticket as it was", async () => {
    const ticket = await open();
    await expectData(contact.url, ASSIGN, { id: ticket.id, assigneeId: accounts.staff }, staff);
    const before = await stored(ticket.id);
    const refused = await assign(ticket.id, accounts.customer);
    expect(refused.data).toBeNull();
    expect(refused.errors).toHaveLength(1);
    expect(refused.errors![0].extensions).toMatchObject({ code: 'ASSIGNEE_NOT_STAFF', assigneeId: accounts.customer, field: 'assigneeId' });
    expect(await stored(ticket.id)).toEqual(before);
  });

  it('refuses an id that is no account at all the same way', async () => {
    const ticket = await open();
    const nobody = randomUUID();
    const refused = await assign(ticket.id, nobody);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'ASSIGNEE_NOT_STAFF', assigneeId: nobody });
    expect((await stored(ticket.id)).assignee).toBeNull();
  });

  it('asks at every assignment: an account whose STAFF role was revoked can no longer be assigned', async () => {
    const former = await register();
    await auth.providers.accounts.grantRole(former, 'STAFF', randomUUID());
    const ticket = await open();
    await expectData(contact.url, ASSIGN, { id: ticket.id, assigneeId: former }, staff);
    await auth.providers.accounts.revokeRole(former, 'STAFF', randomUUID());
    const other = await open();
    expect(codesOf(await assign(other.id, former))).toEqual(['ASSIGNEE_NOT_STAFF']);
    expect((await stored(other.id)).assignee).toBeNull();
  });

  it('keeps assigning to staff, checks the ids and the ticket before asking auth', async () => {
    const ticket = await open();
    expect(codesOf(await assign(ticket.id, accounts.staff, await asCustomer()))).toEqual(['FORBIDDEN']);
    expect(codesOf(await assign(ticket.id, accounts.staff, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await assign(ticket.id, 'x'.repeat(65)))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await assign(randomUUID(), accounts.staff))).toEqual(['NOT_FOUND']);
    expect((await stored(ticket.id)).assignee).toBeNull();
  });

  it('fails with SERVICE_UNAVAILABLE naming auth while auth cannot be reached, changes nothing, and works again once it is back', async () => {
    const ticket = await open();
    await expectData(contact.url, ASSIGN, { id: ticket.id, assigneeId: accounts.staff }, staff);
    const before = await stored(ticket.id);
    await authLink.down();
    try {
      const refused = await assign(ticket.id, accounts.otherStaff);
      expect(refused.data).toBeNull();
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'auth' });
      expect(refused.errors?.[0].message).toMatch(/auth service did not answer.*nothing was changed/);
      expect(await stored(ticket.id)).toEqual(before);
      // Everything that does not need auth goes on.
      expect((await open()).id).toBeTruthy();
    } finally {
      await authLink.up();
    }
    const { assignTicket } = await expectData(contact.url, ASSIGN, { id: ticket.id, assigneeId: accounts.otherStaff }, staff);
    expect(assignTicket.assignee).toEqual({ id: accounts.otherStaff });
  });

  describe('with an auth service that misbehaves', () => {
    let hung: ScriptedSubgraph;
    let broken: ScriptedSubgraph;
    let waitingContact: StartedSubgraph<ContactProviders>;
    let failingContact: StartedSubgraph<ContactProviders>;
    let strangerContact: StartedSubgraph<ContactProviders>;
    beforeAll(async () => {
      hung = await scriptedSubgraph(() => undefined); // accepts the call, never answers
      broken = await scriptedSubgraph((_call, res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>Bad gateway</html>');
      });
      [waitingContact, failingContact, strangerContact] = await Promise.all([
        startTestSubgraph(contactSubgraph, { ...roomyLimits, AUTH_URL: hung.url }),
        startTestSubgraph(contactSubgraph, { ...roomyLimits, AUTH_URL: broken.url }),
        // Signs its calls with another secret than the auth service checks them with: a deployment fault.
        startTestSubgraph(contactSubgraph, { ...roomyLimits, AUTH_URL: auth.url, INTERNAL_SECRET: 'another-internal-secret-of-32-characters-or-more' }),
      ]);
    });
    afterAll(async () => {
      await Promise.all([waitingContact?.stop(), failingContact?.stop(), strangerContact?.stop()]);
      await Promise.all([hung?.stop(), broken?.stop()]);
    });

    it('gives up on an auth service that does not answer within its timeout: SERVICE_UNAVAILABLE, nothing changed', async () => {
      const ticket = await open();
      const started = Date.now();
      const refused = await assign(ticket.id, accounts.staff, staff, waitingContact.url);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'auth' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(AUTH_CALL_TIMEOUT_MS - 50);
      expect(Date.now() - started).toBeLessThan(AUTH_CALL_TIMEOUT_MS + 2_000);
      expect(hung.calls[0].headers['x-flores-service']).toMatch(/^contact\.\d+\./);
      expect((await stored(ticket.id)).assignee).toBeNull();
    });

    it('treats an answer that is not GraphQL (a proxy error page) the same way', async () => {
      const ticket = await open();
      expect((await assign(ticket.id, accounts.staff, staff, failingContact.url)).errors?.[0].extensions).toMatchObject({
        code: 'SERVICE_UNAVAILABLE',
        service: 'auth',
      });
      expect((await stored(ticket.id)).assignee).toBeNull();
    });

    it("never passes on auth's refusal of its signature as the caller's FORBIDDEN: an internal error, nothing changed", async () => {
      const ticket = await open();
      const refused = await assign(ticket.id, accounts.staff, staff, strangerContact.url);
      expect(codesOf(refused)).toEqual(['INTERNAL_SERVER_ERROR']);
      expect(refused.errors?.[0].message).toMatch(/refused the staff look-up/);
      expect((await stored(ticket.id)).assignee).toBeNull();
    });
  });
});
