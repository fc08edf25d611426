import { describe, expect, it } from 'vitest';
import { seedProducts } from '../../scripts/seed/catalog-data';
import { bilingualName, spanishName } from './spanish-names';

describe('spanishName', () => {
  it('names one flower in one colour with the adjective agreeing', () => {
    expect(spanishName(['rose'], ['red'])).toBe('Rosas rojas');
    expect(spanishName(['tulip'], ['pink'])).toBe('Tulipanes rosados');
    expect(spanishName(['chrysanthemum'], ['cream'])).toBe('Crisantemos crema');
  });

  it('lists several flowers without a colour', () => {
    expect(spanishName(['tulip', 'daffodil'], ['yellow', 'white'])).toBe('Tulipanes y narcisos');
    expect(spanishName(['rose', 'lily'], ['white'])).toBe('Rosas y lirios');
  });

  it('gives every seeded product a Spanish name', () => {
    const names = seedProducts().map((product) => bilingualName(product.name, product.flowerTypes, product.colours));
    expect(names.filter((name) => !name.includes(' · '))).toEqual([]);
    expect(names).toContain('Classic Red Rose Bouquet · Rosas rojas');
    expect(names.every((name) => name.length <= 200)).toBe(true);
  });
});
