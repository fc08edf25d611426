import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { hasAnyRole } from '../../../runtime/auth/identity';
import { forbiddenError } from '../../../runtime/auth/rules';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import { DomainError, notFound } from '../../../runtime/errors';
import { check, checkId, normaliseEmail } from '../../../runtime/validation';
import { asCallersOwn } from '../callers-own-account';
import type { AuthContext } from '../context';
import { Account } from '../entities/account';
import { AccountDeletedPayload } from '../entities/payloads';
import { RegisterAccountInput, validateRegisterAccount } from '../inputs/register-account.input';
import { MAX_PASSWORD_LENGTH } from '../security/password-policy';
import { hashPassword, passwordMatches } from '../security/passwords';
import { signedIn } from '../../../runtime/auth/signed-in';

@Resolver(() => Account)
export class AccountResolver {
  @Query(() => Account, { nullable: true, description: 'An account: your own, or any for staff' })
  account(@Arg('id', () => ID) id: string, @Ctx() { loaders }: AuthContext): Promise<Account | null> {
    checkId(id, 'id');
    return loaders.accountById.load(id);
  }

  @Query(() => Account, { nullable: true, description: "The caller's account" })
  myAccount(@Ctx() context: AuthContext): Promise<Account | null> {
    return context.loaders.accountById.load(signedIn(context.identity).accountId);
  }

  @Mutation(() => Account, { description: 'Creates an account with the CUSTOMER role' })
  async registerAccount(@Arg('input', () => RegisterAccountInput) input: RegisterAccountInput, @Ctx() { providers }: AuthContext): Promise<Account> {
    validateRegisterAccount(input);
    const account = await providers.accounts.register(normaliseEmail(input.email), await hashPassword(input.password));
    return asCallersOwn(account);
  }

  @Mutation(() => AccountDeletedPayload, {
    description: "Deletes an account with its sessions: the caller's own (confirmed with the caller's password), or, for admins, any other",
  })
  async deleteAccount(
    @Arg('password', () => String, { nullable: true, description: "The caller's own password (accounts without one: omit)" })
    password: string | null | undefined,
    @Arg('accountId', () => ID, { nullable: true, description: "Defaults to the caller's account" }) accountId: string | null | undefined,
    @Ctx() context: AuthContext,
  ): Promise<AccountDeletedPayload> {
    const me = signedIn(context.identity);
    const target = accountId ?? me.accountId;
    checkId(target, 'accountId');
    if (target !== me.accountId && !hasAnyRole(me, ['ADMIN'])) throw forbiddenError();
    check((password ?? '').length <= MAX_PASSWORD_LENGTH, 'password', 'The password is wrong');
    const self = await context.providers.accounts.findRowById(me.accountId);
    if (!self) throw notFound('Account', me.accountId);
    // Re-authentication: an access token alone (stolen, or left on a shared device) cannot delete accounts,
    // nor guess the password faster than sign-in allows.
    if (self.passwordHash) {
      await context.providers.loginThrottle.assertAllowed(self.email, context.clientAddress);
      if (!(password && (await passwordMatches(self.passwordHash, password)))) {
        await context.providers.loginThrottle.recordFailure(self.email, context.clientAddress);
        throw new DomainError('BAD_USER_INPUT', 'The password is wrong', { field: 'password' });
      }
    }
    await context.providers.accounts.delete(target);
    return { accountId: target };
  }
}

export const resolveAccountReference = (reference: EntityRef, { loaders }: AuthContext) => loaders.accountById.load(reference.id);
