import { check } from '../../../runtime/validation';

/** Ids of other subgraphs' entities are opaque here; bounding them keeps junk out of the store and the indexes. */
export const MAX_ID_LENGTH = 64;

export function checkId(value: string, field: string): void {
  check(value.trim().length > 0 && value.length <= MAX_ID_LENGTH, field, `${field} must be 1 to ${MAX_ID_LENGTH} characters`);
}
