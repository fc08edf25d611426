import { describe, expect, it } from 'vitest';
import { acknowledgedOrderProblems, stockDiscrepancies, unseenByStaff, type OrderRead } from './ledger-checks';

const order = (id: string, status: string, lines: Array<[string, number]>): OrderRead => ({
  id,
  status,
  lines: lines.map(([productId, quantity]) => ({ productId, quantity })),
});

describe('stockDiscrepancies', () => {
  const before = new Map([
    ['rose', 10],
    ['tulip', 5],
    ['lily', 3],
  ]);

  it('finds none when every unit ordered left the stock and cancelled orders gave theirs back', () => {
    const orders = [
      order('a', 'PENDING', [
        ['rose', 2],
        ['tulip', 1],
      ]),
      order('b', 'CONFIRMED', [['rose', 3]]),
      order('c', 'CANCELLED', [['lily', 3]]),
    ];
    expect(
      stockDiscrepancies(
        before,
        orders,
        new Map([
          ['rose', 5],
          ['tulip', 4],
          ['lily', 3],
        ]),
      ),
    ).toEqual([]);
  });

  it('names a product sold twice, a leaked reservation and a product it cannot read', () => {
    const orders = [order('a', 'PENDING', [['rose', 2]])];
    expect(
      stockDiscrepancies(
        before,
        orders,
        new Map([
          ['rose', 7],
          ['tulip', 4],
        ]),
      ),
    ).toEqual([
      { productId: 'rose', before: 10, ordered: 2, now: 7 },
      { productId: 'tulip', before: 5, ordered: 0, now: 4 },
      { productId: 'lily', before: 3, ordered: 0, now: NaN },
    ]);
  });
});

describe('acknowledgedOrderProblems', () => {
  it('finds acknowledged orders missing or read back with other lines, whatever the order of the lines', () => {
    const acknowledged = [
      {
        id: 'a',
        accountId: 'x',
        lines: [
          { productId: 'rose', quantity: 2 },
          { productId: 'tulip', quantity: 1 },
        ],
      },
      { id: 'b', accountId: 'x', lines: [{ productId: 'rose', quantity: 1 }] },
      { id: 'c', accountId: 'y', lines: [{ productId: 'lily', quantity: 1 }] },
    ];
    const readBack = new Map([
      [
        'a',
        order('a', 'PENDING', [
          ['tulip', 1],
          ['rose', 2],
        ]),
      ],
      ['b', order('b', 'PENDING', [['rose', 2]])],
    ]);
    expect(acknowledgedOrderProblems(acknowledged, readBack)).toEqual({ missing: ['c'], otherLines: ['b'] });
  });
});

describe('unseenByStaff', () => {
  it('lists acknowledged orders the feed never showed as PENDING', () => {
    const acknowledged = [
      { id: 'a', accountId: 'x', lines: [] },
      { id: 'b', accountId: 'x', lines: [] },
    ];
    expect(
      unseenByStaff(
        acknowledged,
        new Map([
          ['a', new Set(['PENDING'])],
          ['b', new Set(['CONFIRMED'])],
        ]),
      ),
    ).toEqual(['b']);
  });
});
