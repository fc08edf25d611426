import { describe, expect, it } from 'vitest';
import type { Identity } from './identity';
import { VerifiedTokens } from './verified-tokens';

const identity = (expiresAt: number): Identity => ({ accountId: 'acc-1', roles: ['CUSTOMER'], expiresAt: new Date(expiresAt) });

describe('VerifiedTokens', () => {
  it('answers a token checked before, as a copy', () => {
    const tokens = new VerifiedTokens();
    tokens.set('t1', identity(10_000), 0);
    const hit = tokens.get('t1', 1_000)!;
    expect(hit).toEqual(identity(10_000));
    hit.roles.push('ADMIN');
    expect(tokens.get('t1', 1_000)!.roles).toEqual(['CUSTOMER']);
    expect(tokens.get('t2', 1_000)).toBeUndefined();
  });

  it('forgets a token at its expiry or after the maximum age, whichever comes first', () => {
    const tokens = new VerifiedTokens(10, 60_000);
    tokens.set('short', identity(5_000), 0);
    tokens.set('long', identity(900_000), 0);
    expect(tokens.get('short', 4_999)).toBeDefined();
    expect(tokens.get('short', 5_000)).toBeUndefined();
    expect(tokens.get('long', 59_999)).toBeDefined();
    expect(tokens.get('long', 60_000)).toBeUndefined();
  });

  it('keeps no expired token and at most maxEntries, dropping the oldest', () => {
    const tokens = new VerifiedTokens(2);
    tokens.set('expired', identity(0), 1);
    expect(tokens.get('expired', 1)).toBeUndefined();
    tokens.set('a', identity(10_000), 0);
    tokens.set('b', identity(10_000), 0);
    tokens.set('c', identity(10_000), 0);
    expect(tokens.get('a', 1)).toBeUndefined();
    expect(tokens.get('b', 1)).toBeDefined();
    expect(tokens.get('c', 1)).toBeDefined();
  });
});
