import { describe, expect, it } from 'vitest';
import { BoundedLabel } from './metrics';

describe('BoundedLabel', () => {
  it('keeps the first distinct values and folds later ones into the overflow value', () => {
    const names = new BoundedLabel(2, 'other');
    expect(['Browse', 'Product', 'Browse', 'Attack1', 'Product', 'Attack2'].map((name) => names.of(name))).toEqual([
      'Browse',
      'Product',
      'Browse',
      'other',
      'Product',
      'other',
    ]);
  });
});
