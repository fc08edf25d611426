import type { Account } from './entities/account';

const ISSUED_TO_CALLER = Symbol('issuedToCaller');

/**
 * Marks an account returned by a mutation that just proved who the caller is (register, login, refresh,
 * Google sign-in): the caller may read it although the request carried no access token yet. A symbol,
 * not a field: it never reaches the schema and a client cannot forge it.
 */
export function asCallersOwn(account: Account): Account {
  return Object.defineProperty({ ...account }, ISSUED_TO_CALLER, { value: true, enumerable: false });
}

export const isCallersOwn = (account: unknown): boolean =>
  typeof account === 'object' && account !== null && (account as Record<symbol, unknown>)[ISSUED_TO_CALLER] === true;
