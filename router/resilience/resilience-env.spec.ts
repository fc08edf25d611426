import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../runtime/config';
import { resilienceEnv, subgraphConcurrencyOverrides, subgraphTimeoutOverrides } from './resilience-env';

describe('resilience settings', () => {
  it('default to a 5 s timeout, two retries within 8 s, a breaker over 10 calls in 10 s and 32 calls in flight per subgraph', () => {
    expect(loadConfig(resilienceEnv, {})).toEqual({
      SUBGRAPH_TIMEOUT_MS: 5_000,
      SUBGRAPH_RETRIES: 2,
      SUBGRAPH_RETRY_BASE_MS: 50,
      SUBGRAPH_RETRY_MAX_MS: 1_000,
      SUBGRAPH_RETRY_BUDGET_MS: 8_000,
      SUBGRAPH_BREAKER_ERROR_PERCENT: 50,
      SUBGRAPH_BREAKER_MIN_CALLS: 10,
      SUBGRAPH_BREAKER_WINDOW_MS: 10_000,
      SUBGRAPH_BREAKER_RESET_MS: 10_000,
      SUBGRAPH_KEEP_ALIVE_MS: 60_000,
      SUBGRAPH_MAX_CONCURRENCY: 32,
      SUBGRAPH_READ_SHARE: 0.75,
      SUBGRAPH_READ_WAIT_MS: 250,
      SUBGRAPH_WRITE_WAIT_MS: 5_000,
      SUBGRAPH_MAX_WAITING: 64,
      SUBGRAPH_DEDUPE: true,
    });
  });

  it('take a timeout per subgraph, and name a bad one', () => {
    const overrides = subgraphTimeoutOverrides({ SUBGRAPH_TIMEOUT_MS: '4000', SUBGRAPH_CATALOG_TIMEOUT_MS: '800', SUBGRAPH_REVIEWS_URL: 'http://x' });
    expect([...overrides]).toEqual([['catalog', 800]]);
    expect(() => subgraphTimeoutOverrides({ SUBGRAPH_REVIEWS_TIMEOUT_MS: 'soon' })).toThrow('SUBGRAPH_REVIEWS_TIMEOUT_MS');
    expect(() => loadConfig(resilienceEnv, { SUBGRAPH_DEDUPE: 'yes' })).toThrow('SUBGRAPH_DEDUPE');
  });

  it('take a concurrency limit per subgraph, and name a bad one', () => {
    expect(subgraphConcurrencyOverrides({ SUBGRAPH_MAX_CONCURRENCY: '8', SUBGRAPH_CATALOG_MAX_CONCURRENCY: '64' })).toEqual(new Map([['catalog', 64]]));
    expect(() => subgraphConcurrencyOverrides({ SUBGRAPH_REVIEWS_MAX_CONCURRENCY: '0' })).toThrow('SUBGRAPH_REVIEWS_MAX_CONCURRENCY');
  });
});
