import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import { DomainError, notFound } from '../../../runtime/errors';
import { check, isEmail, normaliseEmail } from '../../../runtime/validation';
import type { AuthContext } from '../context';
import { PasswordChangedPayload, PasswordResetPayload, PasswordResetRequestedPayload } from '../entities/payloads';
import { validateToken } from '../inputs/credentials';
import { checkPasswordPolicy, MAX_PASSWORD_LENGTH } from '../security/password-policy';
import { hashPassword, passwordMatches } from '../security/passwords';
import { signedIn } from '../../../runtime/auth/signed-in';

@Resolver()
export class PasswordResolver {
  @Mutation(() => PasswordChangedPayload, { description: "Changes the caller's password; signs out every other session" })
  async changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() context: AuthContext,
  ): Promise<PasswordChangedPayload> {
    const me = signedIn(context.identity);
    const { providers, clientAddress } = context;
    check(currentPassword.length <= MAX_PASSWORD_LENGTH, 'currentPassword', 'The current password is wrong');
    const account = await providers.accounts.findRowById(me.accountId);
    if (!account) throw notFound('Account', me.accountId);
    if (!account.passwordHash) {
      throw new DomainError('BAD_USER_INPUT', 'This account has no password yet; set one with requestPasswordReset', { field: 'currentPassword' });
    }
    // A stolen access token must not become a way to guess the password: same limits as sign-in.
    await providers.loginThrottle.assertAllowed(account.email, clientAddress);
    if (!(await passwordMatches(account.passwordHash, currentPassword))) {
      await providers.loginThrottle.recordFailure(account.email, clientAddress);
      throw new DomainError('BAD_USER_INPUT', 'The current password is wrong', { field: 'currentPassword' });
    }
    check(newPassword !== currentPassword, 'newPassword', 'The new password must differ from the current one');
    checkPasswordPolicy(newPassword, account.email, 'newPassword');
    const sessionsRevoked = await providers.accounts.replacePassword(account.id, await hashPassword(newPassword), 'password_change', me.sessionId);
    return { sessionsRevoked };
  }

  @Mutation(() => PasswordResetRequestedPayload, {
    description: 'Sends a one-time reset link if the email has an account; answers the same either way',
  })
  async requestPasswordReset(@Arg('email', () => String) email: string, @Ctx() { providers }: AuthContext): Promise<PasswordResetRequestedPayload> {
    const normalised = normaliseEmail(email);
    check(isEmail(normalised), 'email', 'Email address is not valid');
    await providers.passwordResets.request(normalised);
    return { accepted: true };
  }

  @Mutation(() => PasswordResetPayload, { description: 'Sets a new password with a reset token (once); signs out every session' })
  async resetPassword(
    @Arg('token', () => String) token: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() { providers }: AuthContext,
  ): Promise<PasswordResetPayload> {
    validateToken(token, 'token');
    const { email } = await providers.passwordResets.accountFor(token);
    checkPasswordPolicy(newPassword, email, 'newPassword');
    const sessionsRevoked = await providers.passwordResets.complete(token, await hashPassword(newPassword));
    // Whoever holds the mailbox holds the account: a lockout from earlier failures ends here.
    await providers.loginThrottle.recordSuccess(email);
    return { sessionsRevoked };
  }
}
