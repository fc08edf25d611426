import { isEmail, normaliseEmail } from '../../../runtime/validation';
import { MAX_DISPLAY_NAME } from '../inputs/profile.input';

/** What an anonymised profile shows: the row stays so past orders and reviews still resolve a User. */
export const DELETED_DISPLAY_NAME = 'Deleted user';
export const tombstoneEmail = (accountId: string) => `deleted-${accountId}@invalid`;

/** Used when the account's email is not known yet (a token without an email claim). */
export const FALLBACK_DISPLAY_NAME = 'Customer';

/** The lower-case form the prefix search compares with. */
export const searchNameOf = (displayName: string) => displayName.normalize('NFC').toLowerCase();

/** A well-formed email in lower case, or null. */
export function emailOrNull(email: string | null | undefined): string | null {
  if (typeof email !== 'string') return null;
  const normalised = normaliseEmail(email);
  return isEmail(normalised) ? normalised : null;
}

/** A new profile's row: the display name defaults to the email's local part. */
export function newProfile(accountId: string, email: string | null) {
  const localPart = email?.split('@')[0].trim().slice(0, MAX_DISPLAY_NAME) ?? '';
  const displayName = localPart || FALLBACK_DISPLAY_NAME;
  return { id: accountId, email, displayName, searchName: searchNameOf(displayName) };
}

/** The fields an account deletion overwrites: nothing personal is kept. */
export function anonymised(accountId: string) {
  return { email: tombstoneEmail(accountId), displayName: DELETED_DISPLAY_NAME, searchName: '', phone: null };
}
