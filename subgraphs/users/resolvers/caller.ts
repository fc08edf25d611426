import type { UsersContext } from '../context';
import type { User } from '../entities/user';
import { profileDeleted } from '../store/user.store';
import { signedIn } from '../../../runtime/auth/signed-in';

/**
 * The caller's profile. Normally the `auth.account.registered` event created it; if that event is late,
 * it is created now from the token, so signing in never depends on the broker being on time.
 */
export async function profileOfCaller(context: UsersContext): Promise<User> {
  const caller = signedIn(context.identity);
  const existing = await context.loaders.userById.load(caller.accountId);
  if (existing && (existing.email !== null || !caller.email)) return existing;
  const profile = await context.providers.users.ensureProfile(caller);
  context.loaders.userById.clear(caller.accountId).prime(caller.accountId, profile);
  return profile;
}

/** The caller's profile when it may still change: a deleted account's profile may not. */
export async function liveProfileOfCaller(context: UsersContext): Promise<User> {
  const profile = await profileOfCaller(context);
  if (profile.deletedAt) throw profileDeleted();
  return profile;
}
