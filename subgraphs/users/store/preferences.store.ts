import type { PrismaClient } from '../../../prisma/users/client/client';
import type { UserPreferences } from '../entities/preferences';
import { DEFAULT_LANGUAGE, type PreferencesPatch } from '../inputs/preferences.input';
import { lockLiveUser } from './live-user-lock';
import { profileDeleted } from './user.store';

/** What a user who never set a preference has. */
export const defaultPreferences = (userId: string): UserPreferences => ({
  userId,
  language: DEFAULT_LANGUAGE,
  newsletterOptIn: false,
  favouriteFlowers: [],
  favouriteOccasions: [],
});

/** Preferences: one row per user once they change any, none before (the defaults apply). */
export class PreferencesStore {
  constructor(private readonly prisma: PrismaClient) {}

  ofUsers(userIds: readonly string[]): Promise<UserPreferences[]> {
    return this.prisma.preferences.findMany({ where: { userId: { in: [...userIds] } } });
  }

  /** Applies the patch over the stored preferences (or the defaults), under the user's row lock. */
  update(userId: string, patch: PreferencesPatch): Promise<UserPreferences> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await lockLiveUser(tx, userId))) throw profileDeleted();
      const { userId: _userId, ...defaults } = defaultPreferences(userId);
      return tx.preferences.upsert({ where: { userId }, create: { ...defaults, ...patch, userId }, update: patch });
    });
  }
}
