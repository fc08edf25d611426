import { describe, expect, it } from 'vitest';
import { cartAction, nextStep, pick, stepMix, type StepClass } from './mix';

/** A repeatable stand-in for Math.random (a linear congruential generator). */
const seeded = (seed: number) => () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;

describe('the mix of steps', () => {
  it('plays each class about as often as its weight says, with a cart that has lines', () => {
    const random = seeded(42);
    const counts: Record<StepClass, number> = { browse: 0, cart: 0, checkout: 0, history: 0 };
    for (let step = 0; step < 20_000; step += 1) counts[nextStep(random, { exists: true, lines: 2 })] += 1;
    for (const [step, weight] of stepMix) expect(counts[step] / 20_000).toBeCloseTo(weight, 1);
  });

  it('turns a checkout with an empty cart into a cart step', () => {
    const alwaysCheckout = () => 0.9; // past browse (0.6) and cart (0.25): inside checkout's share (0.85–0.95)
    expect(nextStep(alwaysCheckout, { exists: true, lines: 1 })).toBe('checkout');
    expect(nextStep(alwaysCheckout, { exists: true, lines: 0 })).toBe('cart');
    expect(nextStep(alwaysCheckout, { exists: false, lines: 0 })).toBe('cart');
  });

  it('picks by weight and never past the last choice', () => {
    expect(
      pick(
        [
          ['a', 1],
          ['b', 3],
        ],
        () => 0.2,
      ),
    ).toBe('a');
    expect(
      pick(
        [
          ['a', 1],
          ['b', 3],
        ],
        () => 0.3,
      ),
    ).toBe('b');
    expect(
      pick(
        [
          ['a', 1],
          ['b', 3],
        ],
        () => 0.999_999_999,
      ),
    ).toBe('b');
  });
});

describe('cart changes', () => {
  it('creates a cart first, then adds a first line, then changes lines', () => {
    expect(cartAction(() => 0.9, { exists: false, lines: 0 })).toBe('create-and-add');
    expect(cartAction(() => 0.9, { exists: true, lines: 0 })).toBe('add');
    expect(cartAction(() => 0.1, { exists: true, lines: 2 })).toBe('add');
    expect(cartAction(() => 0.7, { exists: true, lines: 2 })).toBe('update');
    expect(cartAction(() => 0.95, { exists: true, lines: 2 })).toBe('remove');
  });
});
