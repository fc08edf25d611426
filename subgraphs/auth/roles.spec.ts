import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../scripts/migrations/apply';
import { createThrowawayDatabase, type ThrowawayDatabase } from '../../scripts/migrations/throwaway-database';
import { createAdmin, CREATE_ADMIN_ACTOR } from '../../scripts/create-admin';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { bearer, captureEvents, fastEvents, logIn, PASSWORD, REFRESH, signUp, uniqueEmail, type Session } from './auth.test-support';
import type { AuthProviders } from './context';
import { authSubgraph } from './subgraph';

const GRANT = 'mutation($id: ID!, $role: Role!) { grantRole(accountId: $id, role: $role) { account { id roles } } }';
const REVOKE = 'mutation($id: ID!, $role: Role!) { revokeRole(accountId: $id, role: $role) { account { id roles } } }';
const DELETE = 'mutation($password: String, $id: ID) { deleteAccount(password: $password, accountId: $id) { accountId } }';

/**
 * "The last admin" is about every account there is, so these tests get a database of their own, where
 * no other test's admins exist.
 */
describe('roles: admins grant and revoke; the last admin stays', () => {
  let database: ThrowawayDatabase;
  let auth: StartedSubgraph<AuthProviders>;
  let capture: Awaited<ReturnType<typeof captureEvents>>;
  let admin: Session;
  let adminId: string;

  beforeAll(async () => {
    database = await createThrowawayDatabase(testEnv.DATABASE_URL, 'flores_auth_roles');
    await applyMigrations({ databaseUrl: database.url, services: ['auth'] });
    auth = await startTestSubgraph(authSubgraph, { DATABASE_URL: database.url, ...fastEvents });
    capture = await captureEvents(['auth.roles.changed', 'auth.account.*']);
    const email = uniqueEmail('first-admin');
    const created = await createAdmin({ databaseUrl: database.url, email, password: PASSWORD });
    expect(created.created).toBe(true);
    adminId = created.accountId;
    admin = await logIn(auth.url, email, PASSWORD);
  });
  afterAll(async () => {
    await capture?.stop();
    await auth?.stop();
    await database?.drop();
  });

  it('creates the first admin with the script: a CUSTOMER account that also holds ADMIN, announced by events', async () => {
    expect(admin.account.roles).toEqual(['CUSTOMER', 'ADMIN']);
    await capture.waitFor((event) => event.type === 'auth.account.registered' && event.data.accountId === adminId);
    const changed = await capture.waitFor((event) => event.type === 'auth.roles.changed' && event.data.accountId === adminId);
    expect(changed.data).toEqual({ accountId: adminId, roles: ['CUSTOMER', 'ADMIN'], previousRoles: ['CUSTOMER'], changedBy: CREATE_ADMIN_ACTOR });
  });

  it('the script refuses a weak password, and promotes an existing account without touching its password', async () => {
    await expect(createAdmin({ databaseUrl: database.url, email: uniqueEmail('weak-admin'), password: 'admin' })).rejects.toThrow(/password needs/);
    const user = await signUp(auth.url);
    const promoted = await createAdmin({ databaseUrl: database.url, email: user.email });
    expect(promoted).toEqual({ accountId: user.id, email: user.email, created: false });
    const session = await logIn(auth.url, user.email, user.password);
    expect(session.account.roles).toEqual(['CUSTOMER', 'ADMIN']);
    await expectData(auth.url, REVOKE, { id: user.id, role: 'ADMIN' }, bearer(admin));
  });

  it("an admin grants and revokes roles; the new roles reach the account's tokens at its next refresh", async () => {
    const user = await signUp(auth.url);
    const session = await logIn(auth.url, user.email, user.password);
    const { grantRole } = await expectData(auth.url, GRANT, { id: user.id, role: 'STAFF' }, bearer(admin));
    expect(grantRole.account).toEqual({ id: user.id, roles: ['CUSTOMER', 'STAFF'] });
    const event = await capture.waitFor((candidate) => candidate.type === 'auth.roles.changed' && candidate.data.accountId === user.id);
    expect(event.data).toEqual({ accountId: user.id, roles: ['CUSTOMER', 'STAFF'], previousRoles: ['CUSTOMER'], changedBy: adminId });

    const refreshed = (await expectData(auth.url, REFRESH, { refreshToken: session.refreshToken })).refreshSession;
    expect(refreshed.account.roles).toEqual(['CUSTOMER', 'STAFF']);

    const { revokeRole } = await expectData(auth.url, REVOKE, { id: user.id, role: 'CUSTOMER' }, bearer(admin));
    expect(revokeRole.account.roles).toEqual(['STAFF']);
  });

  it('granting a role held already changes nothing and announces nothing', async () => {
    const user = await signUp(auth.url);
    const { grantRole } = await expectData(auth.url, GRANT, { id: user.id, role: 'CUSTOMER' }, bearer(admin));
    expect(grantRole.account.roles).toEqual(['CUSTOMER']);
    await capture.waitFor((event) => event.type === 'auth.account.registered' && event.data.accountId === user.id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(capture.events.filter((event) => event.type === 'auth.roles.changed' && event.data.accountId === user.id)).toEqual([]);
  });

  it('is for admins only', async () => {
    const user = await signUp(auth.url);
    for (const [headers, code] of [
      [{}, 'UNAUTHENTICATED'],
      [await asCustomer(user.id), 'FORBIDDEN'],
      [await asStaff(), 'FORBIDDEN'],
    ] as const) {
      for (const mutation of [GRANT, REVOKE]) {
        const response = await graphql(auth.url, mutation, { id: user.id, role: 'ADMIN' }, headers);
        expect(response.errors?.[0].extensions?.code).toBe(code);
      }
    }
    expect((await logIn(auth.url, user.email, user.password)).account.roles).toEqual(['CUSTOMER']);
  });

  it('answers NOT_FOUND for an unknown account', async () => {
    const response = await graphql(auth.url, GRANT, { id: '6f1c1c7e-0000-4000-8000-000000000000', role: 'STAFF' }, bearer(admin));
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('never lets the last admin lose ADMIN, by revocation or deletion', async () => {
    const own = await graphql(auth.url, REVOKE, { id: adminId, role: 'ADMIN' }, bearer(admin));
    expect(own.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAST_ADMIN' });
    const deletion = await graphql(auth.url, DELETE, { password: PASSWORD }, bearer(admin));
    expect(deletion.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'LAST_ADMIN' });
    expect((await logIn(auth.url, admin.account.email, PASSWORD)).account.roles).toEqual(['CUSTOMER', 'ADMIN']);
  });

  it('lets one admin go when another remains, but not both at once when two demote each other concurrently', async () => {
    for (let round = 0; round < 5; round += 1) {
      const second = await signUp(auth.url);
      await expectData(auth.url, GRANT, { id: second.id, role: 'ADMIN' }, bearer(admin));
      const secondSession = await logIn(auth.url, second.email, second.password);
      const [first, other] = await Promise.all([
        graphql(auth.url, REVOKE, { id: second.id, role: 'ADMIN' }, bearer(admin)),
        graphql(auth.url, REVOKE, { id: adminId, role: 'ADMIN' }, bearer(secondSession)),
      ]);
      // One wins; the other is refused: LAST_ADMIN, or FORBIDDEN when the winner's revocation of its ADMIN role
      // reached this subgraph before its request was let in (revocations take effect at once).
      const outcomes = [first, other].map((response) => response.errors?.[0].extensions?.reason ?? response.errors?.[0].extensions?.code ?? 'ok');
      expect(outcomes.filter((outcome) => outcome === 'ok')).toHaveLength(1);
      expect(['LAST_ADMIN', 'FORBIDDEN']).toContain(outcomes.find((outcome) => outcome !== 'ok'));
      if (!first.errors) continue; // the first admin is still the admin
      // The second admin won: hand ADMIN back to the first one for the next round.
      await expectData(auth.url, GRANT, { id: adminId, role: 'ADMIN' }, bearer(secondSession));
      admin = await logIn(auth.url, admin.account.email, PASSWORD);
      await expectData(auth.url, REVOKE, { id: second.id, role: 'ADMIN' }, bearer(admin));
    }
    admin = await logIn(auth.url, admin.account.email, PASSWORD);
    expect(admin.account.roles).toContain('ADMIN');
  });
});
