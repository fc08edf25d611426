// Shared by the auth subgraph's spec files (not a spec itself): operations, sign-up helpers, event capture.
import { sealingKeyOf, unseal } from '../../runtime/mail/sealed-secret';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { testEnv } from '../../test/support/test-env';

export const SESSION_FIELDS = 'accessToken expiresAt refreshToken refreshTokenExpiresAt account { id email roles }';
export const REGISTER = `mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id email roles profile { id } } }`;
export const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { ${SESSION_FIELDS} } }`;
export const REFRESH = `mutation($refreshToken: String!) { refreshSession(refreshToken: $refreshToken) { ${SESSION_FIELDS} } }`;

export const PASSWORD = 'Tulips and 7 roses';

export const uniqueEmail = (prefix = 'user') => `${unique(prefix)}@example.com`.toLowerCase();

export interface SignedUp {
  id: string;
  email: string;
  password: string;
}

export async function signUp(url: string, email = uniqueEmail(), password = PASSWORD): Promise<SignedUp> {
  const { registerAccount } = await expectData(url, REGISTER, { input: { email, password } });
  return { id: registerAccount.id, email: registerAccount.email, password };
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  refreshTokenExpiresAt: string;
  account: { id: string; email: string; roles: string[] };
}

export async function logIn(url: string, email: string, password: string, headers: Record<string, string> = {}): Promise<Session> {
  return (await expectData(url, LOGIN, { email, password }, headers)).login;
}

export const bearer = (session: { accessToken: string }) => ({ authorization: `Bearer ${session.accessToken}` });

export const errorOf = async (url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) => {
  const response = await graphql(url, query, variables, headers);
  return { error: response.errors?.[0], data: response.data, status: response.status };
};

export { fromAddress, uniqueAddress } from '../../test/support/client-address';
export { captureEvents } from '../../test/support/events';

/** The reset token an `auth.password_reset.requested` event carries sealed for the mailer, opened with the tests' key. */
export const resetTokenIn = (data: Record<string, unknown>) => unseal(sealingKeyOf(testEnv), String(data.sealedToken), String(data.accountId));

/** Test settings: events published quickly. */
export const fastEvents = { OUTBOX_POLL_INTERVAL_MS: '50' };
