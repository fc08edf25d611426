import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { AuthContext } from '../context';
import { RolesChangedPayload } from '../entities/payloads';
import { Role } from '../entities/role';
import { validateAccountId } from '../inputs/credentials';
import { signedIn } from '../../../runtime/auth/signed-in';

/**
 * Admins grant and revoke roles. A revoked role stops counting in the account's access tokens within a second
 * (runtime/auth/revocations); a granted one reaches them at the account's next sign-in or refresh.
 */
@Resolver()
export class RoleResolver {
  @Mutation(() => RolesChangedPayload, { description: 'Gives an account a role (admins only)' })
  async grantRole(
    @Arg('accountId', () => ID) accountId: string,
    @Arg('role', () => Role) role: Role,
    @Ctx() context: AuthContext,
  ): Promise<RolesChangedPayload> {
    const me = signedIn(context.identity);
    validateAccountId(accountId);
    return { account: await context.providers.accounts.grantRole(accountId, role, me.accountId) };
  }

  @Mutation(() => RolesChangedPayload, { description: 'Takes a role from an account (admins only); the last admin keeps ADMIN' })
  async revokeRole(
    @Arg('accountId', () => ID) accountId: string,
    @Arg('role', () => Role) role: Role,
    @Ctx() context: AuthContext,
  ): Promise<RolesChangedPayload> {
    const me = signedIn(context.identity);
    validateAccountId(accountId);
    return { account: await context.providers.accounts.revokeRole(accountId, role, me.accountId) };
  }
}
