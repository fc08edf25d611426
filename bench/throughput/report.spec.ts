import { describe, expect, it } from 'vitest';
import type { Measurement } from './load';
import { cpuMsPerRequest, formatGoals, type MemoryFigures, type Row } from './report';

const measurement = (requestsPerSecond: number, cpu: Record<string, number> = {}): Measurement => ({
  requests: requestsPerSecond * 10,
  requestsPerSecond,
  p50Ms: 1,
  p99Ms: 2,
  non2xx: 0,
  graphqlErrors: 0,
  socketErrors: 0,
  peakRssMb: 100,
  usage: [{ name: 'target', cpuSeconds: 0, peakRssMb: 100 }, ...Object.entries(cpu).map(([name, cpuSeconds]) => ({ name, cpuSeconds, peakRssMb: 100 }))],
});

const row = (target: string, query: string, requestsPerSecond: number, cpu?: Record<string, number>): Row => ({
  target,
  query,
  answer: query.startsWith('Public') ? 'public' : 'private',
  measurement: measurement(requestsPerSecond, cpu),
});
const memory: MemoryFigures = {
  routerPeaks: [
    { target: 'router-cache-off', peakMb: 200 },
    { target: 'router-cache-on', peakMb: 260 },
  ],
  subgraphsIdle: [{ name: 'catalog', beforeMb: 120, afterMb: 140 }],
};
const linesOf = (rows: Row[]) => formatGoals(rows, memory).split('\n');

describe('throughput goals', () => {
  const rows = [
    row('bare', 'CatalogPage', 10_000),
    row('bare', 'PublicLargePage', 4_000),
    row('stock-gateway', 'CatalogPage', 20),
    row('stock-gateway', 'PublicLargePage', 0),
    row('router-cache-off', 'CatalogPage', 200, { catalog: 2.4 }), // 2,000 requests, 2.4 CPU s: 1.2 ms each
    row('router-cache-on', 'CatalogPage', 2_600),
    row('router-cache-on', 'PublicLargePage', 900),
    row('stock-gateway-varied', 'VariedCatalogPage', 10),
    row('router-varied', 'VariedCatalogPage', 15),
  ];

  it('compares each row with the stock gateway and the bare server on the same query', () => {
    const lines = linesOf(rows);
    expect(lines).toContain('reached  router-cache-off on CatalogPage: 10.00× the stock gateway (goal ≥ 1.5×)');
    expect(lines).toContain('reached  router-cache-on on CatalogPage: 130.00× the stock gateway (goal ≥ 50×)');
    expect(lines).toContain('MISSED   router-varied on VariedCatalogPage: 1.50× the stock gateway (goal ≥ 2×)');
    expect(lines).toContain('reached  router-cache-on on CatalogPage (private): 0.260× the bare server on the same bytes (goal ≥ 0.25×)');
    expect(lines).toContain('MISSED   router-cache-on on PublicLargePage (public): 0.225× the bare server on the same bytes (goal ≥ 0.25×)');
  });

  it('never calls a goal reached against a baseline that answered nothing', () => {
    expect(linesOf(rows)).toContain('MISSED   router-cache-on on PublicLargePage: -× the stock gateway (goal ≥ 50×)');
  });

  it('judges the catalog CPU per request and the memory', () => {
    const lines = linesOf(rows);
    expect(cpuMsPerRequest(rows[4], 'catalog')).toBeCloseTo(1.2);
    expect(lines).toContain('reached  catalog CPU per CatalogPage on router-cache-off: 1.20 ms (goal ≤ 1.5 ms)');
    expect(lines).toContain('MISSED   router peak RSS over the whole bench: 260 MB (goal ≤ 250 MB)');
    expect(lines).toContain('reached  catalog idle RSS: 120 MB before the load, 140 MB after (goal ≤ 150 MB)');
  });
});
