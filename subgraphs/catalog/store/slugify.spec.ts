import { describe, expect, it } from 'vitest';
import { slugify } from './slugify';

describe('slugify', () => {
  it('lower-cases, strips accents and joins words with single dashes', () => {
    expect(slugify('Red Roses & Lilies')).toBe('red-roses-lilies');
    expect(slugify('  Ramo de Peonías  ')).toBe('ramo-de-peonias');
    expect(slugify('--Sun!!flowers--')).toBe('sun-flowers');
  });
});
