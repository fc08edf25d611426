import type { ShapeMeasurement } from './measure';

export interface ShapeRow {
  shape: string;
  bySize: Map<number, ShapeMeasurement>;
}

const fixed = (value: number, digits = 2) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** The table of every shape at every size, and whether p99 at the largest size stays within 2× p99 at the smallest. */
export function formatShapes(rows: ShapeRow[], sizes: number[]): string {
  const [small, large] = [sizes[0], sizes[sizes.length - 1]];
  const header = [
    'shape'.padEnd(26),
    ...sizes.flatMap((size) => [`p50 ${size}`, `p99 ${size}`, `cat CPU ${size}`, `store CPU ${size}`].map((title) => title.padStart(15))),
    'p99 ratio'.padStart(10),
    'goal ≤ 2×'.padStart(10),
  ];
  const lines = rows.map(({ shape, bySize }) => {
    const cells = sizes.flatMap((size) => {
      const measured = bySize.get(size)!;
      return [measured.p50, measured.p99, measured.catalogCpu, measured.storeCpu].map((value) => fixed(value).padStart(15));
    });
    const ratio = bySize.get(large)!.p99 / bySize.get(small)!.p99;
    return [shape.padEnd(26), ...cells, `${fixed(ratio)}×`.padStart(10), (ratio <= 2 ? 'reached' : 'MISSED').padStart(10)].join(' ');
  });
  return [header.join(' '), ...lines].join('\n');
}
