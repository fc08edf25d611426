import { describe, expect, it } from 'vitest';
import { ConfigError } from '../runtime/config';
import { loadRouterConfig } from './config';

describe('router configuration', () => {
  it('has working defaults', () => {
    const config = loadRouterConfig({});
    expect(config).toMatchObject({ PORT: 3000, NODE_ENV: 'development', SUPERGRAPH_PATH: 'schema/supergraph.graphql' });
    expect(config.subgraphUrls.size).toBe(0);
  });

  it('reads SUBGRAPH_<NAME>_URL overrides by subgraph name', () => {
    const config = loadRouterConfig({ SUBGRAPH_CATALOG_URL: 'http://catalog:3002/graphql' });
    expect(config.subgraphUrls.get('catalog')).toBe('http://catalog:3002/graphql');
  });

  it('reads the cache invalidation repeats as a list of delays', () => {
    expect(loadRouterConfig({}).ROUTER_CACHE_REPEAT_INVALIDATION_MS).toEqual([2000, 7000]);
    expect(loadRouterConfig({ ROUTER_CACHE_REPEAT_INVALIDATION_MS: '1500' }).ROUTER_CACHE_REPEAT_INVALIDATION_MS).toEqual([1500]);
    expect(loadRouterConfig({ ROUTER_CACHE_REPEAT_INVALIDATION_MS: '1000, 9000' }).ROUTER_CACHE_REPEAT_INVALIDATION_MS).toEqual([1000, 9000]);
    expect(loadRouterConfig({ ROUTER_CACHE_REPEAT_INVALIDATION_MS: '0' }).ROUTER_CACHE_REPEAT_INVALIDATION_MS).toEqual([]);
    for (const bad of ['soon', '2000,', '-1', '70000']) {
      expect(() => loadRouterConfig({ ROUTER_CACHE_REPEAT_INVALIDATION_MS: bad })).toThrow(/ROUTER_CACHE_REPEAT_INVALIDATION_MS/);
    }
  });

  it('names the bad variable', () => {
    expect(() => loadRouterConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadRouterConfig({ SUBGRAPH_USERS_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadRouterConfig({ SUBGRAPH_USERS_URL: 'not a url' })).toThrow(/SUBGRAPH_USERS_URL/);
  });
});
