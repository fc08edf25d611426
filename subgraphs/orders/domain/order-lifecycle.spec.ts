import { describe, expect, it } from 'vitest';
import { actorsFor, checkTransition, isFinal, nextStatusesFor, ORDER_LIFECYCLE, possibleNextStatuses } from './order-lifecycle';

describe('order lifecycle', () => {
  it('moves forward one step at a time, staff only', () => {
    expect(checkTransition('PENDING', 'CONFIRMED', ['STAFF'])).toEqual({ allowed: true, as: 'STAFF' });
    expect(checkTransition('CONFIRMED', 'PREPARING', ['STAFF'])).toEqual({ allowed: true, as: 'STAFF' });
    expect(checkTransition('PREPARING', 'OUT_FOR_DELIVERY', ['STAFF'])).toEqual({ allowed: true, as: 'STAFF' });
    expect(checkTransition('OUT_FOR_DELIVERY', 'DELIVERED', ['STAFF'])).toEqual({ allowed: true, as: 'STAFF' });
    expect(checkTransition('PENDING', 'CONFIRMED', ['CUSTOMER'])).toEqual({ allowed: false, reason: 'NOT_YOURS_TO_MAKE' });
    expect(checkTransition('PENDING', 'PREPARING', ['STAFF'])).toEqual({ allowed: false, reason: 'NOT_A_NEXT_STATUS' });
    expect(checkTransition('CONFIRMED', 'PENDING', ['STAFF'])).toEqual({ allowed: false, reason: 'NOT_A_NEXT_STATUS' });
  });

  it('lets the customer cancel only before preparation starts, staff until it leaves the shop', () => {
    expect(checkTransition('PENDING', 'CANCELLED', ['CUSTOMER'])).toEqual({ allowed: true, as: 'CUSTOMER' });
    expect(checkTransition('CONFIRMED', 'CANCELLED', ['CUSTOMER'])).toEqual({ allowed: true, as: 'CUSTOMER' });
    expect(checkTransition('PREPARING', 'CANCELLED', ['CUSTOMER'])).toEqual({ allowed: false, reason: 'NOT_YOURS_TO_MAKE' });
    expect(checkTransition('PREPARING', 'CANCELLED', ['STAFF'])).toEqual({ allowed: true, as: 'STAFF' });
    expect(checkTransition('OUT_FOR_DELIVERY', 'CANCELLED', ['STAFF'])).toEqual({ allowed: false, reason: 'NOT_A_NEXT_STATUS' });
  });

  it('ends at DELIVERED and CANCELLED', () => {
    expect(isFinal('DELIVERED')).toBe(true);
    expect(isFinal('CANCELLED')).toBe(true);
    expect(isFinal('OUT_FOR_DELIVERY')).toBe(false);
    for (const to of Object.keys(ORDER_LIFECYCLE) as Array<keyof typeof ORDER_LIFECYCLE>) {
      expect(checkTransition('DELIVERED', to, ['STAFF']).allowed).toBe(false);
      expect(checkTransition('CANCELLED', to, ['STAFF']).allowed).toBe(false);
    }
  });

  it('tells each caller what they may do next', () => {
    expect(nextStatusesFor('PENDING', actorsFor(['CUSTOMER'], true))).toEqual(['CANCELLED']);
    expect(nextStatusesFor('PENDING', actorsFor(['CUSTOMER'], false))).toEqual([]);
    expect(nextStatusesFor('PENDING', actorsFor(['STAFF'], false))).toEqual(['CONFIRMED', 'CANCELLED']);
    expect(nextStatusesFor('PREPARING', actorsFor(['CUSTOMER'], true))).toEqual([]);
    expect(nextStatusesFor('PREPARING', actorsFor(['ADMIN'], false))).toEqual(['OUT_FOR_DELIVERY', 'CANCELLED']);
    expect(possibleNextStatuses('OUT_FOR_DELIVERY')).toEqual(['DELIVERED']);
  });

  it('counts an admin who owns the order as both customer and staff', () => {
    expect(actorsFor(['CUSTOMER', 'ADMIN'], true)).toEqual(['CUSTOMER', 'STAFF']);
    expect(checkTransition('PENDING', 'CANCELLED', actorsFor(['CUSTOMER', 'ADMIN'], true))).toEqual({ allowed: true, as: 'STAFF' });
  });
});
