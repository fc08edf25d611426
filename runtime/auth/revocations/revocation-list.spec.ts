import { describe, expect, it } from 'vitest';
import type { Identity } from '../identity';
import { decodeRevocation, decodeRevocationMessage, encodeRevocation, type Revocation } from './revocation';
import { RevocationList } from './revocation-list';

const NOW = 1_700_000_000_000;
const customer: Identity = { accountId: 'a-1', roles: ['CUSTOMER', 'STAFF'], sessionId: 's-1' };

describe('RevocationList', () => {
  it('refuses a revoked session, and only that one', () => {
    const list = new RevocationList();
    list.add({ kind: 'session', sessionId: 's-1', until: NOW + 1_000 });
    expect(list.admit(customer, NOW)).toBe('revoked');
    expect(list.admit({ ...customer, sessionId: 's-2' }, NOW)).toEqual({ ...customer, sessionId: 's-2' });
  });

  it('refuses every token of a deleted account', () => {
    const list = new RevocationList();
    list.add({ kind: 'account', accountId: 'a-1', until: NOW + 1_000 });
    expect(list.admit(customer, NOW)).toBe('revoked');
    expect(list.admit({ ...customer, sessionId: undefined }, NOW)).toBe('revoked');
    expect(list.admit({ ...customer, accountId: 'a-2' }, NOW)).not.toBe('revoked');
  });

  it('takes lost roles out, the newest change winning whatever order the changes arrive in', () => {
    const list = new RevocationList();
    list.add({ kind: 'roles', accountId: 'a-1', roles: ['CUSTOMER'], version: 2, until: NOW + 1_000 });
    list.add({ kind: 'roles', accountId: 'a-1', roles: ['CUSTOMER', 'STAFF'], version: 1, until: NOW + 1_000 });
    expect(list.admit(customer, NOW)).toEqual({ ...customer, roles: ['CUSTOMER'] });
    expect(customer.roles).toEqual(['CUSTOMER', 'STAFF']); // the caller's identity is not changed
  });

  it('forgets entries once every token they concern has expired', () => {
    const list = new RevocationList();
    list.add({ kind: 'session', sessionId: 's-1', until: NOW });
    list.add({ kind: 'roles', accountId: 'a-1', roles: [], version: 1, until: NOW });
    expect(list.admit(customer, NOW)).toEqual(customer);
    list.prune(NOW);
    expect(list.size).toBe(0);
  });
});

describe('revocation members', () => {
  const all: Revocation[] = [
    { kind: 'session', sessionId: '0b6f3b2e-8a8e-4c57-a3c7-1f3c1b3a9d10', until: NOW },
    { kind: 'account', accountId: '5d1c2b8e-2f9a-4c1e-9d7b-0a1b2c3d4e5f', until: NOW },
    { kind: 'roles', accountId: '5d1c2b8e-2f9a-4c1e-9d7b-0a1b2c3d4e5f', roles: ['CUSTOMER', 'STAFF'], version: 1733366400123456, until: NOW },
    { kind: 'roles', accountId: '5d1c2b8e-2f9a-4c1e-9d7b-0a1b2c3d4e5f', roles: [], version: 7, until: NOW },
  ];

  it.each(all)('read back as written: %o', (revocation) => {
    expect(decodeRevocation(encodeRevocation(revocation), revocation.until)).toEqual(revocation);
  });

  it('ignores what it cannot read, rather than reading more into it', () => {
    for (const member of ['session:', 'session:a:b', 'roles:a-1:x:CUSTOMER', 'roles:a-1:1:ROOT', 'everything:a-1', 'account:a b']) {
      expect(decodeRevocation(member, NOW), member).toBeNull();
    }
    expect(decodeRevocationMessage('not json')).toEqual([]);
    expect(decodeRevocationMessage(JSON.stringify({ until: NOW, members: ['session:s-1', 42, 'nonsense'] }))).toEqual([
      { kind: 'session', sessionId: 's-1', until: NOW },
    ]);
  });
});
