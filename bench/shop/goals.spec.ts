import { describe, expect, it } from 'vitest';
import type { DayResult } from './busy-day';
import { dayGoals } from './goals';
import type { Exchange } from './outcome';
import { Tally } from './tally';

const ok = (ms = 20): Exchange => ({ status: 200, retryAfter: false, codes: [], ms });
const shed = (ms = 5): Exchange => ({ status: 503, retryAfter: true, codes: [], ms });

/** A router that saw nothing go wrong; `fields` say what did. */
const routerFigures = (fields: Partial<DayResult['router']> = {}): DayResult['router'] => ({
  breakerMax: { catalog: 0 },
  loopDelayMs: { p99: [], max: [] },
  scrapes: 60,
  failedScrapes: 0,
  responseCache: {},
  shed: {},
  subgraphCalls: {},
  subgraphCache: null,
  ...fields,
});

function day(shoppers: number, fill: (tally: Tally) => void, fields: Partial<DayResult> = {}): DayResult {
  const tally = new Tally();
  fill(tally);
  return {
    shoppers,
    warmUp: false,
    seconds: 60,
    lastAnswerSeconds: 61,
    steadyFrom: 0,
    thinkMs: [500, 2000],
    cores: 2,
    steps: 1,
    tally,
    acknowledgedOrders: 600,
    router: routerFigures(),
    usage: [],
    harness: { cpuSeconds: 1, loopDelayMs: { p50: 10, p99: 20, max: 30 } },
    correctness: { acknowledged: 600, readBack: 600, missing: [], otherLines: [], placedUnacknowledged: 0, stock: [], unseenByStaff: [], passed: true },
    ...fields,
  };
}

const reached = (goals: ReturnType<typeof dayGoals>, starting: string) => goals.find((goal) => goal.text.startsWith(starting))?.reached;

describe('dayGoals', () => {
  it('judges a normal day (N ≤ 200) by availability, breakers, browse p99 and orders per second', () => {
    const good = dayGoals(day(200, (tally) => tally.record('browse', ok(900), 'BrowseProducts')));
    expect(good.filter((goal) => !goal.correctness).map((goal) => goal.reached)).toEqual([true, true, true, true]);

    const bad = dayGoals(
      day(200, (tally) => tally.record('browse', { ...ok(1_500), codes: ['SUBGRAPH_UNAVAILABLE'] }, 'BrowseProducts'), {
        acknowledgedOrders: 240,
        router: routerFigures({ breakerMax: { catalog: 2 } }),
      }),
    );
    expect(bad.filter((goal) => !goal.correctness).map((goal) => goal.reached)).toEqual([false, false, false, false]);
    expect(reached(bad, '≥ 5 orders')).toBe(false); // 240 in 60 s: 4 a second
  });

  it("judges the catalog's hit ratio in the day's steady state, when the router reports it", () => {
    const router = (HIT: number, MISS: number) => routerFigures({ subgraphCache: {}, steadySubgraphCache: { catalog: { HIT, MISS } } });
    expect(reached(dayGoals(day(200, (tally) => tally.record('browse', ok(), 'BrowseProducts'), { router: router(85, 15) })), 'catalog hit ratio')).toBe(true);
    expect(reached(dayGoals(day(200, (tally) => tally.record('browse', ok(), 'BrowseProducts'), { router: router(60, 40) })), 'catalog hit ratio')).toBe(false);
  });

  it('judges an overload (N > 200) by checkouts kept, fast refusals with Retry-After and browsing shed first', () => {
    const graceful = dayGoals(
      day(400, (tally) => {
        for (let n = 0; n < 10; n += 1) tally.record('browse', n < 3 ? shed() : ok(), 'BrowseProducts');
        tally.record('checkout', { ...ok(), codes: ['OUT_OF_STOCK'] }, 'Checkout'); // a refusal of the request, not of capacity
        tally.record('checkout', ok(), 'Checkout');
      }),
    );
    expect(graceful.filter((goal) => !goal.correctness).map((goal) => goal.reached)).toEqual([true, true, true, true, true]);

    const careless = dayGoals(
      day(400, (tally) => {
        tally.record('browse', ok(), 'BrowseProducts');
        tally.record('checkout', { status: 503, retryAfter: false, codes: [], ms: 400 }, 'Checkout');
        tally.record('checkout', { status: 0, retryAfter: false, codes: [], ms: 30_000, failure: 'timeout' }, 'Checkout');
      }),
    );
    expect(careless.filter((goal) => !goal.correctness).map((goal) => goal.reached)).toEqual([false, false, false, false, false]);
  });

  it('judges a warm-up by its correctness alone, whatever its speed', () => {
    const warmUp = dayGoals(day(100, (tally) => tally.record('browse', { ...ok(5_000), codes: ['SUBGRAPH_UNAVAILABLE'] }, 'BrowseProducts'), { warmUp: true }));
    expect(warmUp.every((goal) => goal.correctness)).toBe(true);
    expect(warmUp).toHaveLength(4);
  });

  it('fails the correctness goals on any missing order, stock difference or unseen order', () => {
    const broken = dayGoals(
      day(50, () => {}, {
        correctness: {
          acknowledged: 3,
          readBack: 2,
          missing: ['o1'],
          otherLines: [],
          placedUnacknowledged: 0,
          stock: [{ productId: 'p', before: 5, ordered: 1, now: 3 }],
          unseenByStaff: ['o2'],
          passed: false,
        },
      }),
    );
    expect(broken.filter((goal) => goal.correctness).map((goal) => goal.reached)).toEqual([true, false, false, false]);
  });
});
