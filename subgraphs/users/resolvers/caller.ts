import type { Identity } from '../../../runtime/auth/identity';
import { unauthenticatedError } from '../../../runtime/auth/rules';
import type { UsersContext } from '../context';
import type { User } from '../entities/user';
import { profileDeleted } from '../store/user.store';

/** The signed-in caller (the permission rules already refused anonymous callers; this keeps the types honest). */
export function callerOf(context: UsersContext): Identity {
  if (!context.identity) throw unauthenticatedError();
  return context.identity;
}

/**
 * The caller's profile. Normally the `auth.account.registered` event created it; if that event is late,
 * it is created now from the token, so signing in never depends on the broker being on time.
 */
export async function profileOfCaller(context: UsersContext): Promise<User> {
  const caller = callerOf(context);
  const existing = await context.loaders.userById.load(caller.accountId);
  if (existing && (existing.email !== null || !caller.email)) return existing;
  const profile = await context.stores.users.ensureProfile(caller);
  context.loaders.userById.clear(caller.accountId).prime(caller.accountId, profile);
  return profile;
}

/** The caller's profile when it may still change: a deleted account's profile may not. */
export async function liveProfileOfCaller(context: UsersContext): Promise<User> {
  const profile = await profileOfCaller(context);
  if (profile.deletedAt) throw profileDeleted();
  return profile;
}
