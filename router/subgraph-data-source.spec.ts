import { describe, expect, it } from 'vitest';
import { signClientAddress } from '../runtime/auth/client-address';
import { createLogger } from '../runtime/logger';
import { SubgraphDataSource } from './subgraph-data-source';

const secret = 'a-secret-shared-by-router-and-subgraphs';
const logger = createLogger('t', 'silent');
const newRequest = () => ({ query: '{ x }', http: { method: 'POST', url: '', headers: new Headers() } });

describe('SubgraphDataSource', () => {
  const source = new SubgraphDataSource({ url: 'http://127.0.0.1:1/graphql' }, secret);

  it("forwards the caller's token, the request id and the signed client address", () => {
    const request = newRequest();
    const context = { requestId: 'req-12345678', authorization: 'Bearer abc', logger, identity: null, clientAddress: '203.0.113.9' };
    source.willSendRequest({ request, context } as never);
    expect(request.http.headers.get('x-request-id')).toBe('req-12345678');
    expect(request.http.headers.get('authorization')).toBe('Bearer abc');
    expect(request.http.headers.get('x-client-address')).toBe('203.0.113.9');
    expect(request.http.headers.get('x-client-address-signature')).toBe(signClientAddress('203.0.113.9', secret));
  });

  it('sends no authorization header for an anonymous caller, and no address without a secret', () => {
    const request = newRequest();
    const unsigned = new SubgraphDataSource({ url: 'http://127.0.0.1:1/graphql' }, undefined);
    unsigned.willSendRequest({ request, context: { requestId: 'req-12345678', logger, identity: null, clientAddress: '1.2.3.4' } } as never);
    expect(request.http.headers.has('authorization')).toBe(false);
    expect(request.http.headers.has('x-client-address')).toBe(false);
  });
});
