import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_CALLER_HEADER, serviceCallerHeaders } from '../../runtime/auth/service-caller';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import { signUp } from './auth.test-support';
import type { AuthProviders } from './context';
import { MAX_STAFF_LOOKUP_IDS } from './resolvers/staff-directory.resolver';
import { authSubgraph } from './subgraph';

const STAFF_ACCOUNTS = `query($ids: [ID!]!) { staffAccounts(ids: $ids) { id roles } }`;
const asContact = () => serviceCallerHeaders('contact', testEnv.INTERNAL_SECRET);
const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => (response.errors ?? []).map((error) => error.extensions?.code);

describe('staffAccounts: who is staff, for the contact service only', () => {
  let auth: StartedSubgraph<AuthProviders>;
  const ids = { customer: '', staff: '', admin: '' };
  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph);
    const [customer, staff, admin] = await Promise.all([signUp(auth.url), signUp(auth.url), signUp(auth.url)]);
    await auth.providers.accounts.grantRole(staff.id, 'STAFF', randomUUID());
    await auth.providers.accounts.grantRole(admin.id, 'ADMIN', randomUUID());
    Object.assign(ids, { customer: customer.id, staff: staff.id, admin: admin.id });
  });
  afterAll(() => auth?.stop());

  it('answers the contact service with the staff and admins among the ids, leaving customers and unknown ids out', async () => {
    const { staffAccounts } = await expectData(auth.url, STAFF_ACCOUNTS, { ids: [ids.customer, ids.staff, randomUUID(), ids.admin, ids.staff] }, asContact());
    expect(staffAccounts).toHaveLength(2);
    expect(staffAccounts).toEqual(
      expect.arrayContaining([
        { id: ids.staff, roles: ['CUSTOMER', 'STAFF'] },
        { id: ids.admin, roles: ['CUSTOMER', 'ADMIN'] },
      ]),
    );
    expect((await expectData(auth.url, STAFF_ACCOUNTS, { ids: [ids.customer] }, asContact())).staffAccounts).toEqual([]);
    expect((await expectData(auth.url, STAFF_ACCOUNTS, { ids: [] }, asContact())).staffAccounts).toEqual([]);
  });

  it('refuses every other caller with FORBIDDEN and no data: anonymous, customers, staff and admins, other services, bad signatures', async () => {
    const signature = asContact()[SERVICE_CALLER_HEADER];
    const [service, seconds] = signature.split('.');
    const callers: Record<string, Record<string, string>> = {
      anonymous: {},
      customer: await asCustomer(ids.customer),
      staff: await asStaff(ids.staff),
      admin: await asAdmin(ids.admin),
      'the orders service': serviceCallerHeaders('orders', testEnv.INTERNAL_SECRET),
      'another secret': serviceCallerHeaders('contact', 'not-the-internal-secret-but-32-characters-long'),
      'a forged signature': { [SERVICE_CALLER_HEADER]: `${service}.${seconds}.${'A'.repeat(43)}` },
      'an old signature': serviceCallerHeaders('contact', testEnv.INTERNAL_SECRET, Date.now() - 5 * 60_000),
      'a customer with an unsigned name': { ...(await asCustomer(ids.customer)), [SERVICE_CALLER_HEADER]: 'contact' },
    };
    for (const [who, headers] of Object.entries(callers)) {
      const response = await graphql(auth.url, STAFF_ACCOUNTS, { ids: [ids.staff] }, headers);
      expect(codesOf(response), who).toEqual(['FORBIDDEN']);
      expect(response.data, who).toBeNull();
      expect(JSON.stringify(response), who).not.toContain(ids.staff);
    }
  });

  it(`takes at most ${MAX_STAFF_LOOKUP_IDS} well-formed ids`, async () => {
    const tooMany = Array.from({ length: MAX_STAFF_LOOKUP_IDS + 1 }, () => randomUUID());
    expect(codesOf(await graphql(auth.url, STAFF_ACCOUNTS, { ids: tooMany }, asContact()))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await graphql(auth.url, STAFF_ACCOUNTS, { ids: ['x'.repeat(65)] }, asContact()))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await graphql(auth.url, STAFF_ACCOUNTS, { ids: ['  '] }, asContact()))).toEqual(['BAD_USER_INPUT']);
  });
});
