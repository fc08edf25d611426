import { describe, expect, it } from 'vitest';
import type { DayResult } from './busy-day';
import { capacityLine, formatDay } from './report';
import { Tally } from './tally';

function day(subgraphCache: DayResult['router']['subgraphCache']): DayResult {
  const tally = new Tally();
  tally.record('browse', { status: 200, retryAfter: false, codes: [], ms: 40 }, 'BrowseProducts');
  tally.record('browse', { status: 503, retryAfter: true, codes: [], ms: 3 }, 'BrowseProducts');
  tally.record('checkout', { status: 200, retryAfter: false, codes: ['OUT_OF_STOCK'], ms: 90 }, 'Checkout');
  return {
    shoppers: 400,
    warmUp: false,
    seconds: 60,
    lastAnswerSeconds: 62.5,
    steadyFrom: 0,
    thinkMs: [500, 2000],
    cores: 2,
    steps: 2,
    tally,
    acknowledgedOrders: 300,
    router: {
      breakerMax: { catalog: 2, reviews: 0 },
      loopDelayMs: { p99: [20, 12, 400], max: [25, 14, 730] },
      scrapes: 60,
      failedScrapes: 1,
      responseCache: { HIT: 30, MISS: 70, BYPASS: 5 },
      shed: { edge: 40, admission: 2 },
      subgraphCalls: { catalog: 4, cart: 6, contact: 0, wishlist: 2 },
      subgraphCache,
    },
    usage: [{ name: 'router', cpuSeconds: 1.5, peakRssMb: 210 }],
    harness: { cpuSeconds: 6, loopDelayMs: { p50: 11, p99: 240, max: 612 } },
    correctness: { acknowledged: 300, readBack: 301, missing: [], otherLines: [], placedUnacknowledged: 1, stock: [], unseenByStaff: [], passed: true },
  };
}

describe('formatDay', () => {
  it('reports classes, orders, breakers, caches, processes and goals', () => {
    const text = formatDay(day({ catalog: { HIT: 90, MISS: 10 }, reviews: { HIT: 1, MISS: 3, BYPASS: 2 } }));
    expect(text).toContain('## N = 400 shoppers, 60 s (last answer at 62.5 s)');
    expect(text).toMatch(/\| browse\s+\|\s+2 \|.*\|\s+1 \| 50\.0% \| HTTP 503 with Retry-After 1 \|/);
    expect(text).toMatch(/\| checkout\s+\|\s+1 \|.*GraphQL errors 1 \|\s+OUT_OF_STOCK 1 \|/);
    expect(text).toContain('orders: 300 acknowledged, 5.00 placed per second; 301 read back (1 placed without an acknowledgement)');
    expect(text).toContain("its event loop's delay p50 11 / p99 240 / max 612 ms");
    expect(text).toContain('breakers: catalog open (router_subgraph_breaker_state, 59 of 60 scrapes answered)');
    expect(text).toContain('response cache (router_response_cache_total): MISS 70, HIT 30, BYPASS 5; hit ratio 30.0%');
    expect(text).toContain('refused as busy (router_operations_shed_total): 42: admission 2, edge 40');
    // 12 calls over the 3 requests of the day, the busiest subgraph first; one called not at all is left out.
    expect(text).toContain('subgraph calls (router_subgraph_request_duration_seconds_count): 12, 4.00 a request: cart 6, catalog 4, wishlist 2');
    expect(text).toContain(
      "router's event loop (nodejs_eventloop_lag, each scrape's second): delay p99 20 ms in the median second, 400 ms in the worst; longest 730 ms",
    );
    expect(text).toContain('subgraph cache catalog (the catalog): HIT 90, MISS 10; hit ratio 90.0%');
    expect(text).toMatch(/\| router\s+\|\s+1\.5 \|\s+500\.00 \|\s+210 \|/); // 1.5 CPU s over 3 requests
    expect(text).toContain('reached  [correctness] the staff feed showed every acknowledged order as PENDING: 0 unseen');
  });

  it("sets what the shoppers asked against what the cores could serve at the day's CPU per request", () => {
    // 3 requests in 2 steps; 1.5 + 6 CPU s over 3 requests = 2,500 ms each; 400 shoppers / 1.25 s × 1.5.
    expect(capacityLine(day(null))).toBe(
      'capacity: 400 shoppers thinking 1.25 s on average ask up to 480 requests/s (1.50 a step); they got 0/s. ' +
        'Every process above and the harness used 0.12 of 2 cores, 2500.0 ms of CPU a request: at that cost the cores serve at most 1 requests/s',
    );
  });

  it('counts answers a write invalidated as misses, and says how many kept answers were still fresh', () => {
    const text = formatDay(day({ catalog: { HIT: 60, MISS: 20, STALE: 20 } }));
    expect(text).toContain('subgraph cache catalog (the catalog): HIT 60, MISS 20, STALE 20; hit ratio 60.0%; kept answers still fresh when asked again 75.0%');
  });

  it("gives the catalog's steady hit ratio of all its calls, and of the calls of queries alone", () => {
    const counted = day({ catalog: { HIT: 90, MISS: 10 } });
    counted.router.steadySubgraphCache = { catalog: { HIT: 85, MISS: 15 } };
    counted.router.steadyQueryCache = { catalog: { HIT: 30, MISS: 10 } };
    const text = formatDay(counted);
    expect(text).toContain("subgraph cache catalog, steady state (the day's last two thirds): HIT 85, MISS 15; hit ratio 85.0%");
    expect(text).toContain('subgraph cache catalog, steady state, calls of queries only (listings, product and order pages): HIT 30, MISS 10; hit ratio 75.0%');
  });

  it('says when the router has no per-subgraph cache', () => {
    expect(formatDay(day(null))).toContain('subgraph cache: not exposed by this router (router_subgraph_cache_total)');
  });
});
