import { describe, expect, it } from 'vitest';
import { byKeyLoader, groupedLoader } from './loaders';

describe('byKeyLoader', () => {
  it('fetches all keys of one tick in one call and answers in key order, null for misses', async () => {
    const calls: string[][] = [];
    const loader = byKeyLoader(
      async (keys) => {
        calls.push([...keys]);
        return [{ id: 'b' }, { id: 'a' }];
      },
      (row) => row.id,
    );
    const results = await Promise.all([loader.load('a'), loader.load('x'), loader.load('b')]);
    expect(results).toEqual([{ id: 'a' }, null, { id: 'b' }]);
    expect(calls).toEqual([['a', 'x', 'b']]);
  });
});

describe('groupedLoader', () => {
  it('groups children per parent in one call, empty for parents without children', async () => {
    let callCount = 0;
    const loader = groupedLoader(
      async () => {
        callCount += 1;
        return [
          { parent: 'p1', n: 1 },
          { parent: 'p2', n: 2 },
          { parent: 'p1', n: 3 },
        ];
      },
      (row) => row.parent,
    );
    const [p1, p3, p2] = await Promise.all([loader.load('p1'), loader.load('p3'), loader.load('p2')]);
    expect(p1.map((row) => row.n)).toEqual([1, 3]);
    expect(p3).toEqual([]);
    expect(p2.map((row) => row.n)).toEqual([2]);
    expect(callCount).toBe(1);
  });
});
