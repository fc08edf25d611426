import type { Measurement } from './load';

export interface Row {
  target: string;
  query: string;
  measurement: Measurement;
}

/** The issue's goals, as ratios of requests per second to the stock gateway's on the same query. */
export const goals = [
  { target: 'router-cache-off', atLeast: 1.5 },
  { target: 'router-cache-on', atLeast: 50 },
];

const ratioToStock = (rows: Row[], row: Row) => {
  const stock = rows.find((other) => other.target === 'stock-gateway' && other.query === row.query);
  return stock ? row.measurement.requestsPerSecond / stock.measurement.requestsPerSecond : NaN;
};

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** The table: target × query, with each target's requests per second as a multiple of the stock gateway's. */
export function formatTable(rows: Row[]): string {
  const header = ['target', 'query', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'gql errors', 'socket errors', 'RSS MB', '× stock'];
  const lines = rows.map((row) => {
    const m = row.measurement;
    return [row.target, row.query, fixed(m.requestsPerSecond, 0), fixed(m.p50Ms, 0), fixed(m.p99Ms, 0), String(m.non2xx), String(m.graphqlErrors), String(m.socketErrors), fixed(m.peakRssMb, 0), `${fixed(ratioToStock(rows, row), 2)}×`];
  });
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells: string[]) => `| ${cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [format(header), `|${widths.map((width, column) => (column < 2 ? `${'-'.repeat(width + 1)}-` : `${'-'.repeat(width + 1)}:`)).join('|')}|`, ...lines.map(format)].join('\n');
}

/** One line per goal and query: reached or not, with the ratio measured. */
export function formatGoals(rows: Row[]): string {
  return goals
    .flatMap((goal) =>
      rows
        .filter((row) => row.target === goal.target)
        .map((row) => {
          const ratio = ratioToStock(rows, row);
          return `${ratio >= goal.atLeast ? 'reached' : 'MISSED '}  ${goal.target} on ${row.query}: ${fixed(ratio, 2)}× the stock gateway (goal ≥ ${goal.atLeast}×)`;
        }),
    )
    .join('\n');
}
