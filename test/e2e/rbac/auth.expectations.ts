import { unique } from '../../support/graphql';
import type { SubgraphExpectations } from './types';

const EVERYONE = { anonymous: 'allowed', customer: 'allowed', otherCustomer: 'allowed', staff: 'allowed', admin: 'allowed' } as const;
const SIGNED_IN = { anonymous: 'UNAUTHENTICATED', customer: 'allowed', otherCustomer: 'allowed', staff: 'allowed', admin: 'allowed' } as const;
const ADMINS = { anonymous: 'UNAUTHENTICATED', customer: 'FORBIDDEN', otherCustomer: 'FORBIDDEN', staff: 'FORBIDDEN', admin: 'allowed' } as const;

const PASSWORD = 'Rbac matrix 2026';
const SESSION = 'accessToken refreshToken expiresAt account { id email }';
/** Refresh tokens work once: setup signs in once per identity, and each call takes the next token. */
const IDENTITY_COUNT = 5;
let refreshCalls = 0;

function dataOf(response: { data?: any; errors?: any[] }, what: string): any {
  if (response.errors?.length || !response.data) throw new Error(`${what} failed: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/**
 * Signing up, in and back in is public; what a session does is for its holder; roles are for admins; an
 * account is for its owner and staff. Domain failures (NOT_FOUND for the fixture's made-up accounts, a bad
 * reset token, Google sign-in not configured) count as "allowed": access control let the call through.
 */
export const authExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const email = `${unique('rbac-auth')}@example.com`.toLowerCase();
    const registered = dataOf(
      await call('anonymous', 'mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }', { input: { email, password: PASSWORD } }),
      'registerAccount',
    );
    const ids: Record<string, string> = { authAccountId: registered.registerAccount.id, authEmail: email };
    for (let index = 0; index < IDENTITY_COUNT; index += 1) {
      const signedIn = dataOf(
        await call('anonymous', `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { refreshToken } }`, {
          email,
          password: PASSWORD,
        }),
        'login',
      );
      ids[`authRefreshToken${index}`] = signedIn.login.refreshToken;
    }
    return ids;
  },
  fields: [
    {
      field: 'Query.account',
      operation: ({ customer }) => ({ query: 'query($id: ID!) { account(id: $id) { id email } }', variables: { id: customer.accountId } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.myAccount',
      operation: () => ({ query: '{ myAccount { id email roles } }' }),
      ...SIGNED_IN,
    },
    {
      field: 'Mutation.registerAccount',
      operation: () => ({
        query: 'mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id email roles } }',
        variables: { input: { email: `${unique('rbac-register')}@example.com`, password: PASSWORD } },
      }),
      ...EVERYONE,
    },
    {
      field: 'Mutation.login',
      operation: ({ ids }) => ({
        query: `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { ${SESSION} } }`,
        variables: { email: ids.authEmail, password: PASSWORD },
      }),
      ...EVERYONE,
    },
    {
      field: 'Mutation.refreshSession',
      operation: ({ ids }) => ({
        query: `mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION} } }`,
        variables: { refreshToken: ids[`authRefreshToken${refreshCalls++ % IDENTITY_COUNT}`] },
      }),
      ...EVERYONE,
    },
    {
      // The supergraph under test has no GOOGLE_CLIENT_ID: the answer is NOT_CONFIGURED, after access control.
      field: 'Mutation.signInWithGoogle',
      operation: () => ({ query: `mutation { signInWithGoogle(idToken: "not-a-google-token") { ${SESSION} } }` }),
      ...EVERYONE,
    },
    {
      field: 'Mutation.requestPasswordReset',
      operation: () => ({
        query: 'mutation($email: String!) { requestPasswordReset(email: $email) { accepted } }',
        variables: { email: `${unique('rbac-nobody')}@example.com` },
      }),
      ...EVERYONE,
    },
    {
      field: 'Mutation.resetPassword',
      operation: () => ({ query: `mutation { resetPassword(token: "${'x'.repeat(43)}", newPassword: "${PASSWORD}") { sessionsRevoked } }` }),
      ...EVERYONE,
    },
    {
      field: 'Mutation.logout',
      operation: () => ({ query: 'mutation { logout { sessionsRevoked } }' }),
      ...SIGNED_IN,
    },
    {
      field: 'Mutation.logoutEverywhere',
      operation: () => ({ query: 'mutation { logoutEverywhere { sessionsRevoked } }' }),
      ...SIGNED_IN,
    },
    {
      // The fixture's accounts exist only as tokens: NOT_FOUND once access control let the call through.
      field: 'Mutation.changePassword',
      operation: () => ({ query: `mutation { changePassword(currentPassword: "${PASSWORD}", newPassword: "Another one 2027") { sessionsRevoked } }` }),
      ...SIGNED_IN,
    },
    {
      // Deleting the customer's account: the customer (own account) and admins get through; others do not.
      field: 'Mutation.deleteAccount',
      operation: ({ customer }) => ({
        query: 'mutation($id: ID) { deleteAccount(password: "x", accountId: $id) { accountId } }',
        variables: { id: customer.accountId },
      }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'FORBIDDEN',
      staff: 'FORBIDDEN',
      admin: 'allowed',
    },
    {
      field: 'Mutation.grantRole',
      operation: ({ ids }) => ({
        query: 'mutation($id: ID!) { grantRole(accountId: $id, role: STAFF) { account { id roles } } }',
        variables: { id: ids.authAccountId },
      }),
      ...ADMINS,
    },
    {
      field: 'Mutation.revokeRole',
      operation: ({ ids }) => ({
        query: 'mutation($id: ID!) { revokeRole(accountId: $id, role: STAFF) { account { id roles } } }',
        variables: { id: ids.authAccountId },
      }),
      ...ADMINS,
    },
  ],
};
