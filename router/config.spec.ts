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

  it('names the bad variable', () => {
    expect(() => loadRouterConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadRouterConfig({ SUBGRAPH_USERS_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadRouterConfig({ SUBGRAPH_USERS_URL: 'not a url' })).toThrow(/SUBGRAPH_USERS_URL/);
  });
});
