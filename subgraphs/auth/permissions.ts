import { and, rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { hasAnyRole, isStaff as isStaffIdentity } from '../../runtime/auth/identity';
import { allow, forbiddenError, isAdmin, isAuthenticated, isOwnerOrStaff, isService, unauthenticatedError } from '../../runtime/auth/rules';
import { isCallersOwn } from './callers-own-account';
import type { AuthContext } from './context';
import type { Account } from './entities/account';

/**
 * Every field of an Account, however it was reached (`account`, `myAccount`, a payload, or `_entities`
 * through the router): its owner and staff may read it, and so may the caller a mutation just handed it
 * to (registerAccount, login, refreshSession, signInWithGoogle), before any access token exists.
 * Not cached: the mark that makes an account the caller's own is not part of what a cache key sees.
 */
const mayReadAccount = rule('auth.mayReadAccount', { cache: 'no_cache' })((account: Account, _args, { identity }: AuthContext) => {
  if (isCallersOwn(account)) return true;
  if (!identity) return unauthenticatedError();
  return account.id === identity.accountId || isStaffIdentity(identity) ? true : forbiddenError();
});

/** Deleting another account than one's own is for admins. */
const deletesOwnAccountOrIsAdmin = rule('auth.deletesOwnAccountOrIsAdmin', { cache: 'strict' })((
  _parent,
  args: { accountId?: string | null },
  { identity }: AuthContext,
) => {
  if (!identity) return unauthenticatedError();
  if (!args.accountId || args.accountId === identity.accountId) return true;
  return hasAnyRole(identity, ['ADMIN']) ? true : forbiddenError();
});

export const authPermissions: IRules = {
  Query: {
    account: isOwnerOrStaff('auth.account', (_parent, args: { id: string }) => args.id),
    myAccount: isAuthenticated,
    // Only the contact service, calling as itself (never a client: the router neither serves the field nor
    // forwards the service header), before it assigns a ticket.
    staffAccounts: isService('contact'),
  },
  Mutation: {
    // Public: these are how one becomes a caller with a token (or recovers one).
    registerAccount: allow,
    login: allow,
    refreshSession: allow,
    signInWithGoogle: allow,
    requestPasswordReset: allow,
    resetPassword: allow,
    logout: isAuthenticated,
    logoutEverywhere: isAuthenticated,
    changePassword: isAuthenticated,
    deleteAccount: and(isAuthenticated, deletesOwnAccountOrIsAdmin),
    grantRole: isAdmin,
    revokeRole: isAdmin,
  },
  Account: mayReadAccount,
  // The profile reference is just the account's id; the users subgraph guards the profile itself.
  User: { id: allow },
  // Payloads are only ever returned to the caller the mutation was for; their Account is guarded above.
  AuthSession: allow,
  SessionsRevokedPayload: allow,
  PasswordChangedPayload: allow,
  PasswordResetRequestedPayload: allow,
  PasswordResetPayload: allow,
  RolesChangedPayload: allow,
  AccountDeletedPayload: allow,
  // Returned only by staffAccounts, which is guarded above.
  StaffAccount: allow,
};
