import { asCallersOwn } from '../callers-own-account';
import type { AuthProviders } from '../context';
import type { AuthSession } from '../entities/auth-session';
import { toAccount, type AccountRow } from '../store/account.store';
import type { IssuedRefreshToken } from '../store/session.store';

/** An access token for the session's newest refresh token, with the account's roles as they are now. */
export async function sessionPayload(providers: AuthProviders, account: AccountRow, refresh: IssuedRefreshToken): Promise<AuthSession> {
  const access = await providers.accessTokens.issue({
    accountId: account.id,
    email: account.email,
    roles: account.roles,
    sessionId: refresh.sessionId,
  });
  return {
    accessToken: access.token,
    expiresAt: access.expiresAt,
    refreshToken: refresh.refreshToken,
    refreshTokenExpiresAt: refresh.expiresAt,
    account: asCallersOwn(toAccount(account)),
  };
}

/** Opens a new session (refresh-token family) for an account that just proved who it is. */
export async function openSession(providers: AuthProviders, account: AccountRow): Promise<AuthSession> {
  return sessionPayload(providers, account, await providers.sessions.start(account.id));
}
