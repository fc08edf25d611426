import { DomainError } from './errors';

/** Throws BAD_USER_INPUT naming the field when `ok` is false; inputs are checked before anything is written. */
export function check(ok: boolean, field: string, message: string): void {
  if (!ok) throw new DomainError('BAD_USER_INPUT', message, { field });
}

export const isCurrencyCode = (value: string) => /^[A-Z]{3}$/.test(value);

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A plausible address (the only real check is a delivered message), at most 254 characters. */
export const isEmail = (value: string) => value.length <= 254 && EMAIL.test(value);

export const normaliseEmail = (value: string) => value.trim().toLowerCase();

/** Non-blank text of at most `max` characters. */
export const isText = (value: string | null | undefined, max: number) => typeof value === 'string' && value.trim().length > 0 && value.length <= max;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A UUID in its canonical lower-case form (what every service here issues). */
export const isUuid = (value: string) => UUID.test(value);

/** Ids of other subgraphs' entities are opaque; bounding them keeps junk out of stores and indexes. */
export const MAX_ID_LENGTH = 64;

export function checkId(value: string, field: string): void {
  check(value.trim().length > 0 && value.length <= MAX_ID_LENGTH, field, `${field} must be 1 to ${MAX_ID_LENGTH} characters`);
}
