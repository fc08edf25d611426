import { describe, expect, it } from 'vitest';
import type { Exchange } from './outcome';
import { Tally } from './tally';

const exchange = (ms: number, fields: Partial<Exchange> = {}): Exchange => ({ status: 200, retryAfter: false, codes: [], ms, ...fields });

describe('Tally', () => {
  it('counts requests, latencies, outcomes and codes per class', () => {
    const tally = new Tally();
    for (let ms = 1; ms <= 100; ms += 1) tally.record('browse', exchange(ms), 'BrowseProducts');
    tally.record('checkout', exchange(40, { codes: ['OUT_OF_STOCK'] }), 'Checkout');
    tally.record('checkout', exchange(5, { status: 503, retryAfter: true }), 'Checkout');
    tally.record('checkout', exchange(30_000, { status: 0, failure: 'timeout' }), 'Checkout');

    expect(tally.summary('browse')).toMatchObject({ count: 100, p50Ms: 50, p99Ms: 99, ok: 100, refused: 0, capacityFailures: 0 });
    expect(tally.summary('checkout')).toMatchObject({
      count: 3,
      ok: 0,
      outcomes: { 'GraphQL errors': 1, 'HTTP 503 with Retry-After': 1, timeout: 1 },
      codes: { OUT_OF_STOCK: 1 },
      refused: 1,
      capacityFailures: 2,
    });
    expect(tally.summary('history')).toMatchObject({ count: 0, ok: 0 });
    expect(tally.summary('history').p99Ms).toBeNaN();
    expect(tally.total()).toBe(103);
  });

  it('keeps latencies per operation name, most asked first', () => {
    const tally = new Tally();
    for (let ms = 1; ms <= 100; ms += 1) tally.record('browse', exchange(ms), 'BrowseProducts');
    tally.record('browse', exchange(7), 'ProductPage');
    tally.record('browse', exchange(8), 'BrowseProducts (search)');
    expect(tally.operations()).toEqual([
      { name: 'BrowseProducts', count: 100, p50Ms: 50, p99Ms: 99 },
      { name: 'ProductPage', count: 1, p50Ms: 7, p99Ms: 7 },
      { name: 'BrowseProducts (search)', count: 1, p50Ms: 8, p99Ms: 8 },
    ]);
    expect(tally.summary('browse').count).toBe(102);
  });

  it('keeps every refusal latency and counts those without Retry-After', () => {
    const tally = new Tally();
    tally.record('browse', exchange(3, { status: 503, retryAfter: true }), 'BrowseProducts');
    tally.record('cart', exchange(9, { status: 429, retryAfter: false }), 'AddCartLine');
    expect(tally.refusals()).toEqual({ count: 2, withoutRetryAfter: 1, p50Ms: 3, p99Ms: 9 });
  });

  it('tells the refusals answered from a moment on (the steady state) from the earlier ones', () => {
    let now = 1_000;
    const tally = new Tally(() => now);
    tally.record('browse', exchange(400, { status: 503, retryAfter: true }), 'BrowseProducts');
    now = 21_000;
    tally.record('browse', exchange(60, { status: 503, retryAfter: true }), 'BrowseProducts');
    tally.record('browse', exchange(900), 'BrowseProducts'); // answered, not refused
    tally.record('cart', exchange(80, { status: 429, retryAfter: true }), 'AddCartLine');
    expect(tally.refusals()).toEqual({ count: 3, withoutRetryAfter: 0, p50Ms: 80, p99Ms: 400 });
    expect(tally.refusalsFrom(21_000)).toEqual({ count: 2, p50Ms: 60, p99Ms: 80 });
    expect(tally.refusalsFrom(30_000).count).toBe(0);
  });
});
