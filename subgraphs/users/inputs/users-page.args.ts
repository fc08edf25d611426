import { check } from '../../../runtime/validation';
import { decodeUserCursor } from '../store/user-cursor';
import type { UserPageRequest } from '../store/user.store';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_SEARCH = 100;

/** The staff listing's arguments: `first` is capped at 100, the cursor must be one this subgraph issued. */
export function validateUsersPage(first: number, after: string | null | undefined, search: string | null | undefined): UserPageRequest {
  check(Number.isInteger(first) && first >= 1, 'first', 'first must be at least 1');
  check(search == null || search.length <= MAX_SEARCH, 'search', `Search must be at most ${MAX_SEARCH} characters`);
  const prefix = search?.trim().normalize('NFC').toLowerCase();
  return {
    first: Math.min(first, MAX_PAGE_SIZE),
    after: after == null ? null : decodeUserCursor(after),
    search: prefix ? prefix : null,
  };
}
