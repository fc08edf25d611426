import type { BenchMode } from './modes';
import type { ModeResult } from './scenario';

export interface ModeRow {
  mode: BenchMode;
  result: ModeResult;
  peakRssMb: number;
}

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

/** One row per mode: the shape, deliveries expected / received / missed, latency and the router's peak memory. */
export function formatModes(rows: ModeRow[]): string {
  const header = [
    'mode',
    'subscriptions (staff / owners)',
    'sockets',
    'addresses',
    'changes',
    'expected',
    'received',
    'missed',
    'errors',
    'p50 ms',
    'p99 ms',
    'max ms',
    'router RSS MB',
    'subscribe s',
    'warm-up max ms',
  ];
  const lines = rows.map(({ mode, result, peakRssMb }) => [
    mode.name,
    `${result.subscriptions} (${mode.staffSubscriptions} / ${mode.owners} × ${mode.subscriptionsPerOwner})`,
    String(result.sockets),
    String(result.addresses),
    String(result.changes),
    String(result.expected),
    String(result.latencies.length),
    String(result.expected - result.latencies.length),
    String(result.errors),
    fixed(percentile(result.latencies, 0.5)),
    fixed(percentile(result.latencies, 0.99)),
    fixed(result.latencies.at(-1) ?? NaN),
    fixed(peakRssMb),
    fixed(result.subscribeSeconds, 1),
    `${fixed(result.warmUpMaxMs)}${result.warmUpMissed ? ` (${result.warmUpMissed} missed)` : ''}`,
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells: string[]) =>
    `| ${cells.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join(' | ')} |`;
  return [format(header), `|${widths.map((width, column) => `${'-'.repeat(width + 1)}${column < 2 ? '-' : ':'}`).join('|')}|`, ...lines.map(format)].join('\n');
}

/** Each mode's goals (every delivery received, p99, and where set the router's memory): reached or MISSED. */
export function formatGoals(rows: ModeRow[]): string {
  return rows
    .flatMap(({ mode, result, peakRssMb }) => {
      const missed = result.expected - result.latencies.length;
      const p99 = percentile(result.latencies, 0.99);
      const line = (reached: boolean, text: string) => `${reached ? 'reached' : 'MISSED '}  ${mode.name}: ${text}`;
      return [
        line(missed === 0 && result.errors === 0, `${missed} deliveries missed, ${result.errors} errors (goal: none)`),
        line(p99 < mode.goals.p99Ms, `p99 ${fixed(p99)} ms (goal < ${mode.goals.p99Ms} ms)`),
        ...(mode.goals.rssMb ? [line(peakRssMb < mode.goals.rssMb, `router peak RSS ${fixed(peakRssMb)} MB (goal < ${mode.goals.rssMb} MB)`)] : []),
      ];
    })
    .join('\n');
}
