import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceCallerHeaders } from '../../runtime/auth/service-caller';
import { composeSupergraph } from '../../scripts/supergraph/compose';
import { allSubgraphs } from '../../subgraphs';
import { lastRead as eventually } from '../support/eventually';
import { expectData, graphql, unique } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { asAdmin, asCustomer, asStaff } from '../support/tokens';

const REGISTER = `mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }`;
const GRANT = `mutation($id: ID!, $role: Role!) { grantRole(accountId: $id, role: $role) { account { id roles } } }`;
const SEND = `mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id } }`;
const ASSIGN = `mutation($id: ID!, $assigneeId: ID!) { assignTicket(id: $id, assigneeId: $assigneeId) { id assignee { id } } }`;
const TICKET = `query($id: ID!) { ticket(id: $id) { id status assignee { id displayName } } }`;
const STAFF_ACCOUNTS = `query($ids: [ID!]!) { staffAccounts(ids: $ids) { id roles } }`;

/** Through the router: contact asks auth (directly, signed as itself) whether the assignee is staff. */
describe('assigning a ticket through the router', () => {
  let supergraph: RunningSupergraph;
  let staff: Record<string, string>;
  const accounts = { staff: '', customer: '' };

  const register = async () =>
    (await expectData(supergraph.routerUrl, REGISTER, { input: { email: `${unique('e2e-assignee')}@example.com`, password: 'Tulips and 7 roses' } }))
      .registerAccount.id as string;
  const open = async () =>
    (
      await expectData(supergraph.routerUrl, SEND, {
        input: { name: 'Marta', email: `${unique('e2e')}@example.com`, subject: unique('Assign'), body: 'Hello' },
      })
    ).sendContactMessage.id as string;
  const ticketOf = async (id: string) => (await expectData(supergraph.routerUrl, TICKET, { id }, staff)).ticket;

  beforeAll(async () => {
    supergraph = await startSupergraph();
    staff = await asStaff();
    [accounts.staff, accounts.customer] = await Promise.all([register(), register()]);
    await expectData(supergraph.routerUrl, GRANT, { id: accounts.staff, role: 'STAFF' }, await asAdmin());
  }, 120_000);
  afterAll(() => supergraph?.stop());

  it('assigns to a staff account, whose profile Ticket.assignee resolves to (a User from the users subgraph)', async () => {
    const id = await open();
    const { assignTicket } = await expectData(supergraph.routerUrl, ASSIGN, { id, assigneeId: accounts.staff }, staff);
    expect(assignTicket).toEqual({ id, assignee: { id: accounts.staff } });
    // The profile is made from auth.account.registered, so it may arrive a moment after the account.
    const seen = await eventually(
      async () => (await graphql(supergraph.routerUrl, TICKET, { id }, staff)).data?.ticket,
      (ticket) => typeof ticket?.assignee?.displayName === 'string',
    );
    expect(seen?.assignee).toEqual({ id: accounts.staff, displayName: expect.stringMatching(/^e2e-assignee-/) });
  });

  it("refuses a customer's account with ASSIGNEE_NOT_STAFF naming it, and the ticket stays unassigned", async () => {
    const id = await open();
    const refused = await graphql(supergraph.routerUrl, ASSIGN, { id, assigneeId: accounts.customer }, staff);
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'ASSIGNEE_NOT_STAFF',
      assigneeId: accounts.customer,
      field: 'assigneeId',
      serviceName: 'contact',
    });
    expect((await ticketOf(id)).assignee).toBeNull();
  });

  it('keeps staffAccounts out of the API: no client can name it, not even with a valid service signature', async () => {
    const { apiSdl, supergraphSdl } = composeSupergraph(allSubgraphs);
    expect(apiSdl).not.toMatch(/staffAccounts|StaffAccount/);
    expect(supergraphSdl).toMatch(/staffAccounts\(ids: \[ID!\]!\): \[StaffAccount!\]! @inaccessible/);
    const signed = serviceCallerHeaders('contact', testEnv.INTERNAL_SECRET);
    for (const headers of [{}, await asCustomer(), staff, { ...(await asCustomer()), ...signed }]) {
      const response = await graphql(supergraph.routerUrl, STAFF_ACCOUNTS, { ids: [accounts.staff] }, headers);
      expect(response.data ?? null).toBeNull();
      expect(response.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(response.errors?.[0].message).toMatch(/Cannot query field "staffAccounts"/);
      expect(JSON.stringify(response)).not.toContain(accounts.staff);
    }
    // Straight at the auth subgraph, a customer's token is not enough either.
    const direct = await graphql(supergraph.subgraphs.get('auth')!.url, STAFF_ACCOUNTS, { ids: [accounts.staff] }, await asCustomer());
    expect(direct.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(direct.data).toBeNull();
  });

  // Last: it stops the auth subgraph for good.
  it('fails with SERVICE_UNAVAILABLE (naming auth) while auth is down, and changes nothing', async () => {
    const id = await open();
    await supergraph.subgraphs.get('auth')!.stop();
    const refused = await graphql(supergraph.routerUrl, ASSIGN, { id, assigneeId: accounts.staff }, staff);
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'auth', serviceName: 'contact' });
    expect((await ticketOf(id)).assignee).toBeNull();
  });
});
