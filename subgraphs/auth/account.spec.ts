import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../scripts/create-admin';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import {
  bearer,
  captureEvents,
  errorOf,
  fastEvents,
  fromAddress,
  logIn,
  PASSWORD,
  REFRESH,
  signUp,
  uniqueAddress,
  uniqueEmail,
  type Session,
} from './auth.test-support';
import type { AuthProviders } from './context';
import { authSubgraph } from './subgraph';

const MY_ACCOUNT = '{ myAccount { id email roles createdAt profile { id } } }';
const DELETE = 'mutation($password: String, $id: ID) { deleteAccount(password: $password, accountId: $id) { accountId } }';

describe('accounts: reading and deleting', () => {
  let auth: StartedSubgraph<AuthProviders>;
  let capture: Awaited<ReturnType<typeof captureEvents>>;
  let admin: Session;
  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph, fastEvents);
    capture = await captureEvents(['auth.account.deleted']);
    const email = uniqueEmail('admin');
    await createAdmin({ databaseUrl: testEnv.DATABASE_URL, email, password: PASSWORD });
    admin = await logIn(auth.url, email, PASSWORD);
  });
  afterAll(async () => {
    await capture?.stop();
    await auth?.stop();
  });

  it("myAccount is the caller's account; anonymous callers must sign in", async () => {
    const user = await signUp(auth.url);
    const session = await logIn(auth.url, user.email, user.password);
    const { myAccount } = await expectData(auth.url, MY_ACCOUNT, {}, bearer(session));
    expect(myAccount).toMatchObject({ id: user.id, email: user.email, roles: ['CUSTOMER'], profile: { id: user.id } });
    expect((await graphql(auth.url, MY_ACCOUNT)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // A valid token for an account that does not exist (any more) reads nothing.
    expect((await expectData(auth.url, MY_ACCOUNT, {}, await asCustomer())).myAccount).toBeNull();
  });

  it("deletes the caller's own account with its password, with its sessions, and announces it", async () => {
    const user = await signUp(auth.url);
    const session = await logIn(auth.url, user.email, user.password);
    const wrong = await errorOf(auth.url, DELETE, { password: 'Not the password 9' }, { ...bearer(session), ...fromAddress(uniqueAddress()) });
    expect(wrong.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    const missing = await errorOf(auth.url, DELETE, {}, { ...bearer(session), ...fromAddress(uniqueAddress()) });
    expect(missing.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect((await expectData(auth.url, MY_ACCOUNT, {}, bearer(session))).myAccount.id).toBe(user.id); // still there

    const { deleteAccount } = await expectData(auth.url, DELETE, { password: user.password }, bearer(session));
    expect(deleteAccount).toEqual({ accountId: user.id });
    const event = await capture.waitFor((candidate) => candidate.data.accountId === user.id);
    expect(event).toMatchObject({ type: 'auth.account.deleted', data: { accountId: user.id } });
    expect((await errorOf(auth.url, REFRESH, { refreshToken: session.refreshToken })).error?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await auth.providers.accounts.findRowById(user.id)).toBeNull();
    // The email is free again.
    await signUp(auth.url, user.email);
  });

  it("lets an admin delete another account (confirmed with the admin's own password), and nobody else", async () => {
    const user = await signUp(auth.url);
    for (const headers of [await asCustomer(), await asStaff()]) {
      expect((await errorOf(auth.url, DELETE, { password: 'whatever', id: user.id }, headers)).error?.extensions?.code).toBe('FORBIDDEN');
    }
    expect((await errorOf(auth.url, DELETE, { password: 'whatever', id: user.id })).error?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(await auth.providers.accounts.findRowById(user.id)).not.toBeNull();

    const { deleteAccount } = await expectData(auth.url, DELETE, { password: PASSWORD, id: user.id }, bearer(admin));
    expect(deleteAccount.accountId).toBe(user.id);
    await capture.waitFor((candidate) => candidate.data.accountId === user.id);
    expect((await errorOf(auth.url, DELETE, { password: PASSWORD, id: user.id }, bearer(admin))).error?.extensions?.code).toBe('NOT_FOUND');
  });

  it("answers NOT_FOUND when the caller's own account is gone", async () => {
    expect((await errorOf(auth.url, DELETE, { password: 'x' }, await asAdmin(randomUUID()))).error?.extensions?.code).toBe('NOT_FOUND');
  });
});
