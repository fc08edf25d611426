import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../runtime/config';
import { loadRouterConfig } from '../config';
import { operationLimitsOf, rateLimitsOf } from './protection-env';

describe('router protection settings', () => {
  it('has defaults', () => {
    const config = loadRouterConfig({});
    expect(rateLimitsOf(config)).toEqual({ query: { perUser: 600, perAddress: 300 }, mutation: { perUser: 120, perAddress: 60 } });
    expect(operationLimitsOf(config)).toEqual({ maxDepth: 12, maxAliases: 30, maxCost: 20_000, defaultListSize: 10 });
    expect(config).toMatchObject({ ROUTER_MAX_BODY_BYTES: 1_000_000, ROUTER_MAX_BATCH_LENGTH: 10 });
  });

  it('reads each setting from the environment', () => {
    const config = loadRouterConfig({ ROUTER_RATE_LIMIT_ANONYMOUS_MUTATION_PER_MINUTE: '5', ROUTER_MAX_QUERY_COST: '500' });
    expect(rateLimitsOf(config).mutation.perAddress).toBe(5);
    expect(operationLimitsOf(config).maxCost).toBe(500);
  });

  it.each(['ROUTER_MAX_QUERY_DEPTH', 'ROUTER_RATE_LIMIT_QUERY_PER_MINUTE', 'ROUTER_MAX_BATCH_LENGTH'])(
    'names %s when it is not a positive whole number',
    (name) => {
      for (const bad of ['0', '-1', '2.5', 'many']) {
        expect(() => loadRouterConfig({ [name]: bad })).toThrow(ConfigError);
        expect(() => loadRouterConfig({ [name]: bad })).toThrow(new RegExp(name));
      }
    },
  );
});
