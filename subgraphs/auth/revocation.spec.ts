import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { lastRead } from '../../test/support/eventually';
import { expectData, graphql } from '../../test/support/graphql';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { bearer, errorOf, logIn, REFRESH, signUp } from './auth.test-support';
import type { AuthProviders } from './context';
import { authSubgraph } from './subgraph';

const LOGOUT = 'mutation { logout { sessionsRevoked } }';
const LOGOUT_EVERYWHERE = 'mutation { logoutEverywhere { sessionsRevoked } }';

describe('revoking access tokens needs Redis: without it a sign-out fails and changes nothing', () => {
  let proxy: TcpProxy;
  let auth: StartedSubgraph<AuthProviders>;
  beforeAll(async () => {
    proxy = await startTcpProxy(testEnv.REDIS_URL);
    auth = await startTestSubgraph(authSubgraph, { REDIS_URL: proxy.url });
  });
  afterAll(async () => {
    await auth?.stop();
    await proxy?.down();
  });

  it('answers SERVICE_UNAVAILABLE while Redis is away, with the session still live; signs out once it is back', async () => {
    const user = await signUp(auth.url);
    const session = await logIn(auth.url, user.email, user.password);
    await proxy.down();
    try {
      for (const mutation of [LOGOUT, LOGOUT_EVERYWHERE]) {
        const { error } = await errorOf(auth.url, mutation, {}, bearer(session));
        expect(error?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'redis' });
        expect(error?.message).not.toMatch(/127\.0\.0\.1|ECONNREFUSED/);
      }
      expect(await auth.providers.sessions.isLive(decodeJwt(session.accessToken).sid as string)).toBe(true);
    } finally {
      await proxy.up();
    }
    const refreshed = (await expectData(auth.url, REFRESH, { refreshToken: session.refreshToken })).refreshSession;
    // The auth service's Redis connection reconnects in the background: a failed attempt changed nothing, so try again.
    const signedOut = await lastRead(
      () => graphql(auth.url, LOGOUT, {}, bearer(refreshed)),
      (response) => !response.errors,
      5_000,
    );
    expect(signedOut.data).toEqual({ logout: { sessionsRevoked: 1 } });
  });
});
