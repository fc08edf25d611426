import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { captureEvents, errorOf, resetTokenIn, fastEvents, fromAddress, LOGIN, signUp, uniqueAddress, uniqueEmail } from './auth.test-support';
import type { AuthProviders } from './context';
import { authSubgraph } from './subgraph';

const limits = { AUTH_LOGIN_MAX_ACCOUNT_FAILURES: '3', AUTH_LOGIN_MAX_ADDRESS_FAILURES: '5', AUTH_LOGIN_LOCKOUT_SECONDS: '60' };

describe('brute-force protection of sign-in (Redis)', () => {
  let auth: StartedSubgraph<AuthProviders>;
  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph, { ...limits, ...fastEvents });
  });
  afterAll(() => auth?.stop());

  const attempt = (email: string, password: string, address = uniqueAddress(), url = auth.url) =>
    errorOf(url, LOGIN, { email, password }, fromAddress(address));

  it('locks an account after consecutive failures, even for the right password, and says when to retry', async () => {
    const user = await signUp(auth.url);
    for (let failure = 0; failure < 3; failure += 1) {
      expect((await attempt(user.email, 'Wrong guess 123')).error?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    const locked = await attempt(user.email, user.password);
    expect(locked.data).toBeNull();
    expect(locked.error?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(locked.error?.extensions?.retryAfterSeconds).toBeGreaterThan(50);
    expect(locked.error?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Other accounts are not affected.
    const other = await signUp(auth.url);
    expect((await attempt(other.email, other.password)).error).toBeUndefined();
  });

  it('behaves the same for an email without an account', async () => {
    const nobody = uniqueEmail('nobody');
    for (let failure = 0; failure < 3; failure += 1) expect((await attempt(nobody, 'Some guess 123')).error?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await attempt(nobody, 'Some guess 123')).error?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('counts only consecutive failures: a success starts the count again', async () => {
    const user = await signUp(auth.url);
    for (let round = 0; round < 3; round += 1) {
      await attempt(user.email, 'Wrong guess 123');
      await attempt(user.email, 'Wrong guess 456');
      expect((await attempt(user.email, user.password)).error).toBeUndefined();
    }
  });

  it('locks a client address that fails too often, whatever the emails', async () => {
    const address = uniqueAddress();
    for (let failure = 0; failure < 5; failure += 1) await attempt(uniqueEmail('spray'), 'Password 1234', address);
    const user = await signUp(auth.url);
    const locked = await attempt(user.email, user.password, address);
    expect(locked.error?.extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
    expect(locked.error?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // The same account from elsewhere is fine.
    expect((await attempt(user.email, user.password)).error).toBeUndefined();
  });

  it('lifts the lockout when its time is up', async () => {
    const brief = await startTestSubgraph(authSubgraph, { ...limits, AUTH_LOGIN_LOCKOUT_SECONDS: '1' });
    try {
      const user = await signUp(brief.url);
      for (let failure = 0; failure < 3; failure += 1) await attempt(user.email, 'Wrong guess 123', uniqueAddress(), brief.url);
      expect((await attempt(user.email, user.password, uniqueAddress(), brief.url)).error?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      expect((await attempt(user.email, user.password, uniqueAddress(), brief.url)).error).toBeUndefined();
    } finally {
      await brief.stop();
    }
  });

  it('lifts an account lockout once the password is reset through the mailbox', async () => {
    const capture = await captureEvents(['auth.password_reset.requested']);
    try {
      const user = await signUp(auth.url);
      for (let failure = 0; failure < 3; failure += 1) await attempt(user.email, 'Wrong guess 123');
      expect((await attempt(user.email, user.password)).error?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
      await expectData(auth.url, 'mutation($email: String!) { requestPasswordReset(email: $email) { accepted } }', { email: user.email });
      const { data } = await capture.waitFor((event) => event.data.accountId === user.id);
      await expectData(auth.url, 'mutation($token: String!) { resetPassword(token: $token, newPassword: "Fresh start 2026") { sessionsRevoked } }', {
        token: resetTokenIn(data),
      });
      expect((await attempt(user.email, 'Fresh start 2026')).error).toBeUndefined();
    } finally {
      await capture.stop();
    }
  });
});
