import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError } from '../config';
import { formatError } from '../errors';
import { defineSubgraph } from './definition';
import { startSubgraph } from './start';
import { DomainError } from '../errors';
import { GraphQLError } from 'graphql';

const probe = defineSubgraph({
  name: 'probe',
  defaultPort: 0,
  env: { STORE_URL: z.url() },
  schema: () => {
    throw new Error('not reached');
  },
  openStores: async () => {
    throw new Error('not reached');
  },
  loaders: () => ({}),
  permissions: {},
});

describe('starting a subgraph', () => {
  it('fails before opening anything when a variable is bad, naming it', async () => {
    const failure = startSubgraph(probe, { PORT: 'x', STORE_URL: 'nope' });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/PORT/);
    await expect(startSubgraph(probe, { STORE_URL: 'nope' })).rejects.toThrow(/STORE_URL/);
  });
});

describe('error formatting', () => {
  const internal = { message: 'connect ECONNREFUSED 10.0.0.5:5432 at Pool.query', extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } };

  it('hides unexpected errors in production', () => {
    expect(formatError(true)(internal, new Error(internal.message))).toEqual({
      message: 'Internal server error',
      locations: undefined,
      path: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('keeps typed errors in production and everything in development', () => {
    const typed = new DomainError('NOT_FOUND', 'Cart x was not found');
    const formatted = { message: typed.message, extensions: { code: 'NOT_FOUND' } };
    expect(formatError(true)(formatted, typed)).toBe(formatted);
    expect(formatError(false)(internal, new GraphQLError('x'))).toBe(internal);
  });
});
