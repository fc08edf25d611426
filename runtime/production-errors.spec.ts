import { describe, expect, it } from 'vitest';
import { productionError, withoutSuggestions } from './production-errors';

describe('errors in production answers', () => {
  it('drops the suggestions graphql-js ends a message with', () => {
    expect(withoutSuggestions('Cannot query field "prodcts" on type "Query". Did you mean "products" or "product"?')).toBe(
      'Cannot query field "prodcts" on type "Query".',
    );
    expect(
      withoutSuggestions(
        'Variable "$sort" got invalid value "PRICE"; Value "PRICE" does not exist in "ProductSort" enum. Did you mean the enum value "PRICE_ASC"?',
      ),
    ).toBe('Variable "$sort" got invalid value "PRICE"; Value "PRICE" does not exist in "ProductSort" enum.');
    expect(withoutSuggestions('Cart x was not found')).toBe('Cart x was not found');
  });

  it("reduces a subgraph's internal error to a bare one, naming the subgraph, whatever it says", () => {
    const leaky = {
      message:
        "Invalid `prisma.user.findUnique()` invocation in /app/dist/subgraphs/users/store/user.store.js:42:7 Can't reach database server at 127.0.0.1:5432",
      path: ['me'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'users', stacktrace: ['Error: x', '    at UserStore.find (/app/dist/x.js:1:1)'] },
    };
    expect(productionError(leaky)).toEqual({
      message: 'Internal server error',
      path: ['me'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'users' },
    });
    expect(productionError({ message: 'HTTP 400 from http://10.0.0.7:3002/graphql', extensions: { code: 'DOWNSTREAM_SERVICE_ERROR' } }).message).toBe(
      'Internal server error',
    );
    expect(productionError({ message: 'no code at all' }).extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  });

  it("keeps a typed error and its extensions, less stack traces and the gateway's record of the call", () => {
    const typed = {
      message: 'Not enough stock',
      extensions: { code: 'OUT_OF_STOCK', available: 2, stacktrace: ['at x'], response: { url: 'http://catalog:3002/graphql', status: 401 } },
    };
    expect(productionError(typed)).toEqual({ message: 'Not enough stock', extensions: { code: 'OUT_OF_STOCK', available: 2 } });
    const clean = { message: 'Cart x was not found', extensions: { code: 'NOT_FOUND', id: 'x' } };
    expect(productionError(clean)).toBe(clean);
  });
});
