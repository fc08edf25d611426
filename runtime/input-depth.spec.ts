import { describe, expect, it } from 'vitest';
import { depthOf, MAX_INPUT_DEPTH, textDepthOf } from './input-depth';

/** `[[…]]` this deep, built without recursion (JSON.parse builds it without recursion too). */
const nested = (depth: number) => JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;

describe('how deeply a request nests', () => {
  it('counts arrays and objects, not scalars', () => {
    expect(depthOf('text')).toBe(0);
    expect(depthOf(null)).toBe(0);
    expect(depthOf([])).toBe(1);
    expect(depthOf({ a: [1, { b: 'c' }], d: 2 })).toBe(3);
    expect(depthOf({ variables: { input: { lines: [{ productId: 'p' }] } } })).toBe(5);
  });

  it('gives up past the limit, without recursion, however deep the value is', () => {
    const started = performance.now();
    expect(depthOf(nested(200_000))).toBe(MAX_INPUT_DEPTH + 1);
    expect(depthOf(nested(MAX_INPUT_DEPTH))).toBe(MAX_INPUT_DEPTH);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('reads a JSON text the same without parsing it, brackets inside strings aside', () => {
    expect(textDepthOf('{"a":[1,{"b":"c"}]}')).toBe(3);
    expect(textDepthOf('{"a":"[[[[{{{{","b":"\\"[[["}')).toBe(1);
    expect(textDepthOf(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toBe(MAX_INPUT_DEPTH + 1);
    expect(textDepthOf('"just a string"')).toBe(0);
  });
});
