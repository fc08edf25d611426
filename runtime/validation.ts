import { DomainError } from './errors';

/** Throws BAD_USER_INPUT naming the field when `ok` is false; inputs are checked before anything is written. */
export function check(ok: boolean, field: string, message: string): void {
  if (!ok) throw new DomainError('BAD_USER_INPUT', message, { field });
}

export const isCurrencyCode = (value: string) => /^[A-Z]{3}$/.test(value);
