import { hashPassword } from '../../subgraphs/auth/security/passwords';
import type { AccountStore } from '../../subgraphs/auth/store/account.store';
import { validateUpdateMyProfile } from '../../subgraphs/users/inputs/profile.input';
import type { UserStore } from '../../subgraphs/users/store/user.store';
import { seedAccounts } from './people-data';
import type { SeedCounts } from './seed-catalog';

/** Who granted the seeded roles, in `auth.roles.changed`. */
export const SEED_ACTOR = 'script:seed';

export interface SeededAccounts {
  accounts: SeedCounts;
  profiles: SeedCounts;
  /** Account id by seeded email. */
  ids: Map<string, string>;
}

/**
 * Registers the demo accounts through the auth store (argon2id hash, `auth.account.registered` in the
 * outbox) and grants their extra role; creates each profile directly in the users store, so the seed does
 * not wait for the users service to consume the event (which then finds the profile there and keeps it).
 * Idempotent by email: an existing account keeps its password and an existing profile is not edited.
 */
export async function seedAccountsAndProfiles(providers: { accounts: AccountStore; users: UserStore }, password: string): Promise<SeededAccounts> {
  const accounts: SeedCounts = { created: 0, existing: 0 };
  const profiles: SeedCounts = { created: 0, existing: 0 };
  const ids = new Map<string, string>();
  for (const seed of seedAccounts) {
    let id = (await providers.accounts.findRowByEmail(seed.email))?.id;
    if (id) {
      accounts.existing += 1;
    } else {
      id = (await providers.accounts.register(seed.email, await hashPassword(password))).id;
      accounts.created += 1;
    }
    // No event and no change when the role is held already.
    if (seed.extraRole) await providers.accounts.grantRole(id, seed.extraRole, SEED_ACTOR);
    ids.set(seed.email, id);

    if ((await providers.users.findByIds([id])).length > 0) {
      profiles.existing += 1;
      continue;
    }
    await providers.users.ensureProfile({ accountId: id, email: seed.email });
    await providers.users.updateProfile(id, validateUpdateMyProfile({ displayName: seed.displayName }));
    profiles.created += 1;
  }
  return { accounts, profiles, ids };
}
