import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer } from '../../test/support/tokens';
import { bearer, errorOf, logIn, REFRESH, signUp, type Session } from './auth.test-support';
import type { AuthProviders } from './context';
import { authSubgraph } from './subgraph';

const LOGOUT = 'mutation { logout { sessionsRevoked } }';
const LOGOUT_EVERYWHERE = 'mutation { logoutEverywhere { sessionsRevoked } }';

const sidOf = (session: Session) => decodeJwt(session.accessToken).sid as string;

describe('sessions: refresh token rotation, reuse detection, sign-out', () => {
  let auth: StartedSubgraph<AuthProviders>;
  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph);
  });
  afterAll(() => auth?.stop());

  const refresh = async (refreshToken: string): Promise<Session> => (await expectData(auth.url, REFRESH, { refreshToken })).refreshSession;
  const refreshError = async (refreshToken: string) => (await errorOf(auth.url, REFRESH, { refreshToken })).error;

  it('trades a refresh token for a new pair in the same session, once', async () => {
    const user = await signUp(auth.url);
    const first = await logIn(auth.url, user.email, user.password);
    const second = await refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.account).toEqual(first.account);
    expect(sidOf(second)).toBe(sidOf(first));
    expect(decodeJwt(second.accessToken).sub).toBe(user.id);
    const third = await refresh(second.refreshToken);
    expect(sidOf(third)).toBe(sidOf(first));
  });

  it('revokes the whole family when a spent refresh token comes back ("reuse detected")', async () => {
    const user = await signUp(auth.url);
    const stolen = await logIn(auth.url, user.email, user.password);
    const legitimate = await refresh(stolen.refreshToken);

    const reused = await refreshError(stolen.refreshToken);
    expect(reused).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REUSED' } });
    expect(reused?.message).toMatch(/reuse detected/);
    expect(await auth.providers.sessions.isLive(sidOf(stolen))).toBe(false);
    // The newest token of the family dies with it...
    expect(await refreshError(legitimate.refreshToken)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REVOKED' } });
    // ...but other sessions of the account live on.
    const elsewhere = await logIn(auth.url, user.email, user.password);
    await refresh(elsewhere.refreshToken);
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const user = await signUp(auth.url);
    const session = await logIn(auth.url, user.email, user.password);
    const results = await Promise.all([1, 2, 3].map(() => graphql(auth.url, REFRESH, { refreshToken: session.refreshToken })));
    expect(results.filter((result) => !result.errors)).toHaveLength(1);
    expect(results.filter((result) => result.errors?.[0].extensions?.code === 'UNAUTHENTICATED')).toHaveLength(2);
  });

  it('refuses unknown and malformed refresh tokens', async () => {
    expect(await refreshError('x'.repeat(43))).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_UNKNOWN' } });
    expect(await refreshError('not a token')).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(await refreshError('')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'refreshToken' } });
  });

  it('refuses an expired refresh token', async () => {
    const shortLived = await startTestSubgraph(authSubgraph, { AUTH_REFRESH_TOKEN_TTL_SECONDS: '1' });
    try {
      const user = await signUp(shortLived.url);
      const session = await logIn(shortLived.url, user.email, user.password);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      const { error } = await errorOf(shortLived.url, REFRESH, { refreshToken: session.refreshToken });
      expect(error).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_EXPIRED' } });
      // An expired token is not "spent": presenting it again is not reuse, and the session was not revoked.
      expect(await shortLived.providers.sessions.isLive(sidOf(session))).toBe(true);
    } finally {
      await shortLived.stop();
    }
  });

  it('logout revokes the current session only; its refresh token stops working', async () => {
    const user = await signUp(auth.url);
    const here = await logIn(auth.url, user.email, user.password);
    const there = await logIn(auth.url, user.email, user.password);
    expect((await expectData(auth.url, LOGOUT, {}, bearer(here))).logout).toEqual({ sessionsRevoked: 1 });
    expect(await refreshError(here.refreshToken)).toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'REFRESH_TOKEN_REVOKED' } });
    await refresh(there.refreshToken);
    // Its access token is revoked with it: signing out twice is refused as an expired token would be.
    expect((await errorOf(auth.url, LOGOUT, {}, bearer(here))).error?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it("logoutEverywhere revokes every session of the caller, and nobody else's", async () => {
    const user = await signUp(auth.url);
    const other = await signUp(auth.url);
    const sessions = [await logIn(auth.url, user.email, user.password), await logIn(auth.url, user.email, user.password)];
    const othersSession = await logIn(auth.url, other.email, other.password);
    expect((await expectData(auth.url, LOGOUT_EVERYWHERE, {}, bearer(sessions[0]))).logoutEverywhere).toEqual({ sessionsRevoked: 2 });
    for (const session of sessions) expect((await refreshError(session.refreshToken))?.extensions?.code).toBe('UNAUTHENTICATED');
    await refresh(othersSession.refreshToken);
  });

  it('requires a signed-in caller to sign out', async () => {
    for (const mutation of [LOGOUT, LOGOUT_EVERYWHERE]) {
      expect((await errorOf(auth.url, mutation, {})).error?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // A token without a session (sid) signs nothing out.
    expect((await expectData(auth.url, LOGOUT, {}, await asCustomer())).logout).toEqual({ sessionsRevoked: 0 });
  });
});
