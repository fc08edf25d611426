import { describe, expect, it } from 'vitest';
import { money } from './money';

describe('money', () => {
  it('formats minor units as an exact decimal string', () => {
    expect(money(1250, 'EUR')).toEqual({ amountMinor: 1250, currency: 'EUR', amount: '12.50' });
    expect(money(5, 'USD').amount).toBe('0.05');
    expect(money(-199, 'USD').amount).toBe('-1.99');
    expect(money(0, 'USD').amount).toBe('0.00');
  });
});
