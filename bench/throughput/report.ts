import { fixed, formatTable as markdownTable, goalLine } from '../shared/table';
import type { Measurement } from './load';

export interface Row {
  target: string;
  /** The query, or the varied traffic's name. */
  query: string;
  /** Whose answer it is: private (per customer) or public (anonymous); the varied traffic's are private. */
  answer: 'private' | 'public';
  measurement: Measurement;
}

export interface MemoryFigures {
  /** Each router target's highest resident memory over its whole life, warm-up included (VmHWM before it stopped). */
  routerPeaks: Array<{ target: string; peakMb: number }>;
  /** Each subgraph's resident memory before the first load and after the last one. */
  subgraphsIdle: Array<{ name: string; beforeMb: number; afterMb: number }>;
}

/** The goals. Ratios compare requests per second on the same query (or the same varied traffic). */
export const goals = {
  overStock: [
    { target: 'router-cache-off', atLeast: 1.5 },
    { target: 'router-cache-on', atLeast: 50 },
    { target: 'router-varied', atLeast: 2 },
  ],
  overBare: { target: 'router-cache-on', atLeast: 0.25 },
  catalogCpu: { target: 'router-cache-off', query: 'CatalogPage', process: 'catalog', atMostMs: 1.5 },
  routerPeakMb: 250,
  subgraphIdleMb: 150,
};

/** The stock gateway's row of the same query (the varied one for varied traffic) or the bare server's. */
const baseline = (rows: Row[], row: Row, of: 'stock' | 'bare') =>
  rows.find((other) => other.query === row.query && (of === 'bare' ? other.target === 'bare' : other.target.startsWith('stock-gateway')));

/** NaN when there is no baseline row or it answered nothing (a ratio to zero says nothing). */
const ratio = (rows: Row[], row: Row, of: 'stock' | 'bare') => {
  const base = baseline(rows, row, of);
  return base && base.measurement.requests > 0 ? row.measurement.requestsPerSecond / base.measurement.requestsPerSecond : NaN;
};

/** A goal is reached only by a figure that was measured. */
const atLeast = (measured: number, goal: number) => Number.isFinite(measured) && measured >= goal;
const atMost = (measured: number, goal: number) => Number.isFinite(measured) && measured <= goal;

/** CPU milliseconds a process spent per request of the row (`target` is the target's own process). */
export const cpuMsPerRequest = (row: Row, process: string) => {
  const usage = process === 'target' ? row.measurement.usage[0] : row.measurement.usage.slice(1).find((entry) => entry.name === process);
  return usage && row.measurement.requests > 0 ? (usage.cpuSeconds * 1000) / row.measurement.requests : NaN;
};

/** The share of the router's answers served from its response cache during the run (HIT of HIT + MISS + BYPASS). */
const cacheHits = (m: Measurement) => {
  if (!m.cache) return '-';
  const answers = Object.values(m.cache).reduce((sum, count) => sum + count, 0);
  return answers === 0 ? '-' : `${fixed(((m.cache.HIT ?? 0) / answers) * 100, 0)}%`;
};

/** The table: target × query, with requests per second as multiples of the stock gateway's and the bare server's. */
export function formatTable(rows: Row[]): string {
  const header = [
    'target',
    'query',
    'answer',
    'req/s',
    'p50 ms',
    'p99 ms',
    'non-2xx',
    'gql errors',
    'socket errors',
    'RSS MB',
    'cache hits',
    '× stock',
    '× bare',
  ];
  const lines = rows.map((row) => {
    const m = row.measurement;
    return [
      row.target,
      row.query,
      row.answer,
      fixed(m.requestsPerSecond, 0),
      fixed(m.p50Ms, 0),
      fixed(m.p99Ms, 0),
      String(m.non2xx),
      String(m.graphqlErrors),
      String(m.socketErrors),
      fixed(m.peakRssMb, 0),
      cacheHits(m),
      `${fixed(ratio(rows, row, 'stock'), 2)}×`,
      `${fixed(ratio(rows, row, 'bare'), 3)}×`,
    ];
  });
  return markdownTable(header, lines, 3);
}

/** CPU milliseconds per request of the target process and of each subgraph, over each measured run. */
export function formatCpuTable(rows: Row[]): string {
  const subgraphs = rows[0]?.measurement.usage.slice(1).map((entry) => entry.name) ?? [];
  const header = ['target', 'query', 'target ms', ...subgraphs.map((name) => `${name} ms`)];
  const lines = rows.map((row) => [row.target, row.query, ...['target', ...subgraphs].map((process) => fixed(cpuMsPerRequest(row, process), 2))]);
  return markdownTable(header, lines, 2);
}

/** Resident memory: each router's peak, each subgraph before and after the load. */
export function formatMemory(memory: MemoryFigures): string {
  const routers = memory.routerPeaks.map(({ target, peakMb }) => `${target} ${fixed(peakMb, 0)} MB`).join(', ');
  const idle = markdownTable(
    ['subgraph', 'idle RSS before MB', 'idle RSS after MB'],
    memory.subgraphsIdle.map(({ name, beforeMb, afterMb }) => [name, fixed(beforeMb, 0), fixed(afterMb, 0)]),
  );
  return `router peak RSS over each router's life: ${routers}\n\n${idle}`;
}

/** One line per goal (and per query where it applies): reached or MISSED, with what was measured. */
export function formatGoals(rows: Row[], memory: MemoryFigures): string {
  const lines: string[] = [];
  for (const goal of goals.overStock) {
    for (const row of rows.filter((candidate) => candidate.target === goal.target)) {
      const measured = ratio(rows, row, 'stock');
      lines.push(
        goalLine(atLeast(measured, goal.atLeast), `${goal.target} on ${row.query}: ${fixed(measured, 2)}× the stock gateway (goal ≥ ${goal.atLeast}×)`),
      );
    }
  }
  for (const row of rows.filter((candidate) => candidate.target === goals.overBare.target)) {
    const measured = ratio(rows, row, 'bare');
    lines.push(
      goalLine(
        atLeast(measured, goals.overBare.atLeast),
        `${row.target} on ${row.query} (${row.answer}): ${fixed(measured, 3)}× the bare server on the same bytes (goal ≥ ${goals.overBare.atLeast}×)`,
      ),
    );
  }
  const cpuRow = rows.find((row) => row.target === goals.catalogCpu.target && row.query === goals.catalogCpu.query);
  if (cpuRow) {
    const measured = cpuMsPerRequest(cpuRow, goals.catalogCpu.process);
    lines.push(
      goalLine(
        atMost(measured, goals.catalogCpu.atMostMs),
        `${goals.catalogCpu.process} CPU per ${cpuRow.query} on ${cpuRow.target}: ${fixed(measured, 2)} ms (goal ≤ ${goals.catalogCpu.atMostMs} ms)`,
      ),
    );
  }
  const routerPeak = Math.max(...memory.routerPeaks.map(({ peakMb }) => peakMb));
  lines.push(
    goalLine(atMost(routerPeak, goals.routerPeakMb), `router peak RSS over the whole bench: ${fixed(routerPeak, 0)} MB (goal ≤ ${goals.routerPeakMb} MB)`),
  );
  for (const { name, beforeMb, afterMb } of memory.subgraphsIdle) {
    const highest = Math.max(beforeMb, afterMb);
    lines.push(
      goalLine(
        atMost(highest, goals.subgraphIdleMb),
        `${name} idle RSS: ${fixed(beforeMb, 0)} MB before the load, ${fixed(afterMb, 0)} MB after (goal ≤ ${goals.subgraphIdleMb} MB)`,
      ),
    );
  }
  return lines.join('\n');
}
