import { describe, expect, it } from 'vitest';
import { hasRole, isOwnerOrStaff, isService } from './rules';

describe('rule factories', () => {
  it('return the same rule for the same roles, in any order', () => {
    expect(hasRole('STAFF', 'ADMIN')).toBe(hasRole('ADMIN', 'STAFF'));
  });

  it('return the same service rule for the same service, and another for another', () => {
    expect(isService('orders')).toBe(isService('orders'));
    expect(isService('orders')).not.toBe(isService('cart'));
  });

  it('refuse one owner-rule name for two different checks', () => {
    const ownerOf = (parent: { ownerId: string }) => parent.ownerId;
    expect(isOwnerOrStaff('spec.Thing', ownerOf)).toBe(isOwnerOrStaff('spec.Thing', ownerOf));
    expect(() => isOwnerOrStaff('spec.Thing', (parent: { userId: string }) => parent.userId)).toThrow(/already defined/);
  });
});
