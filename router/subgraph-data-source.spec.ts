import { describe, expect, it } from 'vitest';
import { createLogger } from '../runtime/logger';
import { SubgraphDataSource } from './subgraph-data-source';

describe('SubgraphDataSource', () => {
  const source = new SubgraphDataSource({ url: 'http://127.0.0.1:1/graphql' });

  it("forwards the caller's authorization and request id to the subgraph", () => {
    const request = { query: '{ x }', http: { method: 'POST', url: '', headers: new Headers() } };
    const context = { requestId: 'req-12345678', authorization: 'Bearer abc', logger: createLogger('t', 'silent') };
    source.willSendRequest({ request, context } as never);
    expect(request.http.headers.get('x-request-id')).toBe('req-12345678');
    expect(request.http.headers.get('authorization')).toBe('Bearer abc');
  });

  it('sends no authorization header when the caller had none', () => {
    const request = { query: '{ x }', http: { method: 'POST', url: '', headers: new Headers() } };
    source.willSendRequest({ request, context: { requestId: 'req-12345678', logger: createLogger('t', 'silent') } } as never);
    expect(request.http.headers.has('authorization')).toBe(false);
  });
});
