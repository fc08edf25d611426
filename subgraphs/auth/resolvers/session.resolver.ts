import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { DomainError } from '../../../runtime/errors';
import { normaliseEmail } from '../../../runtime/validation';
import type { AuthContext } from '../context';
import { AuthSession } from '../entities/auth-session';
import { SessionsRevokedPayload } from '../entities/payloads';
import { validateLogin, validateToken } from '../inputs/credentials';
import { passwordMatches } from '../security/passwords';
import { openSession, sessionPayload } from './session-payload';
import { signedIn } from '../../../runtime/auth/signed-in';

/** One answer for an unknown email, a wrong password and a Google-only account: no account enumeration. */
const wrongCredentials = () => new DomainError('UNAUTHENTICATED', 'The email or password is wrong');

@Resolver(() => AuthSession)
export class SessionResolver {
  @Mutation(() => AuthSession, { description: 'Signs in with email and password; starts a session' })
  async login(
    @Arg('email', () => String) email: string,
    @Arg('password', () => String) password: string,
    @Ctx() { providers, clientAddress, logger }: AuthContext,
  ): Promise<AuthSession> {
    validateLogin(email, password);
    const normalised = normaliseEmail(email);
    await providers.loginThrottle.assertAllowed(normalised, clientAddress);
    const account = await providers.accounts.findRowByEmail(normalised);
    const matches = await passwordMatches(account?.passwordHash, password);
    if (!account || !matches) {
      await providers.loginThrottle.recordFailure(normalised, clientAddress);
      logger.info({ clientAddress, accountId: account?.id }, 'sign-in refused: wrong email or password');
      throw wrongCredentials();
    }
    await providers.loginThrottle.recordSuccess(normalised);
    return openSession(providers, account);
  }

  @Mutation(() => AuthSession, { description: 'Trades a refresh token (once) for a new access token and refresh token' })
  async refreshSession(@Arg('refreshToken', () => String) refreshToken: string, @Ctx() { providers }: AuthContext): Promise<AuthSession> {
    validateToken(refreshToken, 'refreshToken');
    const { accountId, issued } = await providers.sessions.rotate(refreshToken);
    const account = await providers.accounts.findRowById(accountId);
    if (!account) throw new DomainError('UNAUTHENTICATED', 'The account no longer exists');
    return sessionPayload(providers, account, issued);
  }

  @Mutation(() => AuthSession, { description: 'Signs in with a Google ID token; creates or links the account of its verified email' })
  async signInWithGoogle(@Arg('idToken', () => String) idToken: string, @Ctx() { providers }: AuthContext): Promise<AuthSession> {
    validateToken(idToken, 'idToken');
    const identity = await providers.google.verify(idToken);
    return openSession(providers, await providers.accounts.forGoogleIdentity(identity));
  }

  @Mutation(() => SessionsRevokedPayload, { description: "Signs out the caller's current session (its refresh token stops working)" })
  async logout(@Ctx() context: AuthContext): Promise<SessionsRevokedPayload> {
    const me = signedIn(context.identity);
    const sessionsRevoked = me.sessionId ? await context.providers.sessions.revoke(me.accountId, me.sessionId, 'logout') : 0;
    return { sessionsRevoked };
  }

  @Mutation(() => SessionsRevokedPayload, { description: "Signs out every session of the caller's account" })
  async logoutEverywhere(@Ctx() context: AuthContext): Promise<SessionsRevokedPayload> {
    const me = signedIn(context.identity);
    return { sessionsRevoked: await context.providers.sessions.revokeAll(me.accountId, 'logout_everywhere') };
  }
}
