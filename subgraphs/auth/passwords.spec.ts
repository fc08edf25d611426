import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../prisma/auth/client/client';
import { connectPrisma, type PrismaStore } from '../../runtime/stores/prisma';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import {
  bearer,
  captureEvents,
  errorOf,
  resetTokenIn,
  fastEvents,
  fromAddress,
  LOGIN,
  logIn,
  REFRESH,
  signUp,
  uniqueAddress,
  uniqueEmail,
} from './auth.test-support';
import type { AuthProviders } from './context';
import { hashOpaqueToken } from './security/opaque-tokens';
import { authSubgraph } from './subgraph';

const CHANGE = 'mutation($current: String!, $next: String!) { changePassword(currentPassword: $current, newPassword: $next) { sessionsRevoked } }';
const REQUEST = 'mutation($email: String!) { requestPasswordReset(email: $email) { accepted } }';
const RESET = 'mutation($token: String!, $next: String!) { resetPassword(token: $token, newPassword: $next) { sessionsRevoked } }';

describe('passwords: change, and reset by a one-time token', () => {
  let auth: StartedSubgraph<AuthProviders>;
  let capture: Awaited<ReturnType<typeof captureEvents>>;
  let postgres: PrismaStore<PrismaClient>;
  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph, fastEvents);
    capture = await captureEvents(['auth.password_reset.requested']);
    postgres = await connectPrisma(PrismaClient, testEnv.DATABASE_URL, 'auth');
  });
  afterAll(async () => {
    await capture?.stop();
    await auth?.stop();
    await postgres?.close();
  });

  // Failed attempts come from an address of their own, so they never lock 127.0.0.1 for other tests.
  const canLogIn = async (url: string, email: string, password: string) =>
    !(await graphql(url, LOGIN, { email, password }, fromAddress(uniqueAddress()))).errors;
  const canRefresh = async (url: string, refreshToken: string) => !(await graphql(url, REFRESH, { refreshToken })).errors;
  const resetTokenFor = async (accountId: string, after = 0) => {
    const { data } = await capture.waitFor((event) => event.data.accountId === accountId && capture.events.indexOf(event) >= after);
    return { ...(data as { expiresAt: string; email: string }), token: resetTokenIn(data) };
  };

  describe('changePassword', () => {
    it('needs the current password, applies the policy, and signs out every other session', async () => {
      const user = await signUp(auth.url);
      const current = await logIn(auth.url, user.email, user.password);
      const other = await logIn(auth.url, user.email, user.password);

      const wrong = await errorOf(
        auth.url,
        CHANGE,
        { current: 'Not my password 1', next: 'Brand new secret 2' },
        { ...bearer(current), ...fromAddress(uniqueAddress()) },
      );
      expect(wrong.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'currentPassword' });
      const weak = await errorOf(auth.url, CHANGE, { current: user.password, next: 'weak' }, bearer(current));
      expect(weak.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword', missing: ['MIN_LENGTH', 'DIGIT'] });
      const same = await errorOf(auth.url, CHANGE, { current: user.password, next: user.password }, bearer(current));
      expect(same.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
      // Nothing changed so far.
      expect(await canLogIn(auth.url, user.email, user.password)).toBe(true);
      expect(await canRefresh(auth.url, other.refreshToken)).toBe(true);

      const other2 = await logIn(auth.url, user.email, user.password);
      const { changePassword } = await expectData(auth.url, CHANGE, { current: user.password, next: 'Brand new secret 2' }, bearer(current));
      expect(changePassword.sessionsRevoked).toBeGreaterThanOrEqual(2);
      expect(await canRefresh(auth.url, other2.refreshToken)).toBe(false);
      expect(await canRefresh(auth.url, current.refreshToken)).toBe(true); // the caller's own session stays
      expect(await canLogIn(auth.url, user.email, user.password)).toBe(false);
      expect(await canLogIn(auth.url, user.email, 'Brand new secret 2')).toBe(true);
    });

    it('is for signed-in callers', async () => {
      expect((await errorOf(auth.url, CHANGE, { current: 'x', next: 'Brand new secret 2' })).error?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('password reset', () => {
    it('answers the same whether or not the email has an account, and only an account gets a token', async () => {
      const user = await signUp(auth.url);
      const unknown = uniqueEmail('nobody');
      const known = await graphql(auth.url, REQUEST, { email: user.email.toUpperCase() });
      const stranger = await graphql(auth.url, REQUEST, { email: unknown });
      expect(known.data).toEqual({ requestPasswordReset: { accepted: true } });
      expect(stranger.data).toEqual(known.data);
      expect(stranger.errors).toBeUndefined();

      const { token, expiresAt, email } = await resetTokenFor(user.id);
      expect(email).toBe(user.email);
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const lifetime = Date.parse(expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(59 * 60_000);
      expect(lifetime).toBeLessThanOrEqual(60 * 60_000);
      // Only the hash is kept.
      const rows = await postgres.prisma.passwordReset.findMany({ where: { accountId: user.id } });
      expect(rows.map((row) => row.tokenHash)).toEqual([hashOpaqueToken(token)]);

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(capture.events.filter((event) => event.data.email === unknown)).toEqual([]);
    });

    it('sets a new password once per token and signs out every session', async () => {
      const user = await signUp(auth.url);
      const session = await logIn(auth.url, user.email, user.password);
      await expectData(auth.url, REQUEST, { email: user.email });
      const { token } = await resetTokenFor(user.id);

      const weak = await errorOf(auth.url, RESET, { token, next: 'short' });
      expect(weak.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'newPassword' });
      expect(await canLogIn(auth.url, user.email, user.password)).toBe(true); // the failure changed nothing

      const { resetPassword } = await expectData(auth.url, RESET, { token, next: 'Forgotten no more 3' });
      expect(resetPassword.sessionsRevoked).toBeGreaterThanOrEqual(2);
      expect(await canRefresh(auth.url, session.refreshToken)).toBe(false);
      expect(await canLogIn(auth.url, user.email, user.password)).toBe(false);
      expect(await canLogIn(auth.url, user.email, 'Forgotten no more 3')).toBe(true);

      const again = await errorOf(auth.url, RESET, { token, next: 'Another new one 4' });
      expect(again.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', reason: 'RESET_TOKEN_USED' });
      expect(await canLogIn(auth.url, user.email, 'Forgotten no more 3')).toBe(true);
    });

    it("voids the account's other reset tokens once one is used", async () => {
      const user = await signUp(auth.url);
      await expectData(auth.url, REQUEST, { email: user.email });
      const first = await resetTokenFor(user.id);
      const seen = capture.events.length;
      await expectData(auth.url, REQUEST, { email: user.email });
      const second = await resetTokenFor(user.id, seen);
      expect(second.token).not.toBe(first.token);
      await expectData(auth.url, RESET, { token: second.token, next: 'Second link wins 5' });
      expect((await errorOf(auth.url, RESET, { token: first.token, next: 'First link late 6' })).error?.extensions?.reason).toBe('RESET_TOKEN_USED');
    });

    it('refuses unknown and malformed tokens, and bad emails', async () => {
      expect((await errorOf(auth.url, RESET, { token: 'A'.repeat(43), next: 'Whatever it is 7' })).error?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        reason: 'RESET_TOKEN_INVALID',
      });
      expect((await errorOf(auth.url, RESET, { token: 'nope', next: 'Whatever it is 7' })).error?.extensions?.reason).toBe('RESET_TOKEN_INVALID');
      expect((await errorOf(auth.url, REQUEST, { email: 'not an email' })).error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    });

    it('refuses an expired token', async () => {
      const shortLived = await startTestSubgraph(authSubgraph, { AUTH_RESET_TOKEN_TTL_SECONDS: '1', ...fastEvents });
      try {
        const user = await signUp(shortLived.url);
        await expectData(shortLived.url, REQUEST, { email: user.email });
        const { token } = await resetTokenFor(user.id);
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        const expired = await errorOf(shortLived.url, RESET, { token, next: 'Too late now 8' });
        expect(expired.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'token', reason: 'RESET_TOKEN_EXPIRED' });
        expect(await canLogIn(shortLived.url, user.email, user.password)).toBe(true);
      } finally {
        await shortLived.stop();
      }
    });
  });
});
