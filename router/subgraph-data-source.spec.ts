import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { signClientAddress } from '../runtime/auth/client-address';
import { loadConfig } from '../runtime/config';
import { createLogger } from '../runtime/logger';
import { scriptedSubgraph, sendJson, type ScriptedSubgraph } from '../test/support/scripted-subgraph';
import { resilienceEnv } from './resilience/resilience-env';
import { SubgraphResilience } from './resilience/subgraph-resilience';
import { SubgraphDataSource } from './subgraph-data-source';

const secret = 'a-secret-shared-by-router-and-subgraphs';
const logger = createLogger('t', 'silent');
const newRequest = () => ({ query: '{ x }', http: { method: 'POST', url: '', headers: new Headers() } });

describe('SubgraphDataSource', () => {
  const source = new SubgraphDataSource({ name: 'catalog', url: 'http://127.0.0.1:1/graphql' }, secret);

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
    const unsigned = new SubgraphDataSource({ name: 'catalog', url: 'http://127.0.0.1:1/graphql' }, undefined);
    unsigned.willSendRequest({ request, context: { requestId: 'req-12345678', logger, identity: null, clientAddress: '1.2.3.4' } } as never);
    expect(request.http.headers.has('authorization')).toBe(false);
    expect(request.http.headers.has('x-client-address')).toBe(false);
  });
});

describe('SubgraphDataSource calls through the resilient fetch', () => {
  const context = { requestId: 'req-12345678', logger, identity: null, clientAddress: '203.0.113.9' };
  const call = (query: string, operation: 'query' | 'mutation') => ({
    kind: 'incoming operation',
    request: { query },
    context,
    incomingRequestContext: { context, operation: { operation } },
  });
  let subgraph: ScriptedSubgraph;
  let resilience: SubgraphResilience;
  let source: SubgraphDataSource;

  beforeEach(async () => {
    // Fails its first call with a 503, then answers.
    subgraph = await scriptedSubgraph((count, res) =>
      sendJson(res, count === 1 ? 503 : 200, count === 1 ? { errors: [{ message: 'starting' }] } : { data: { ok: true } }),
    );
    const settings = { SUBGRAPH_RETRY_BASE_MS: '5' };
    resilience = new SubgraphResilience({ ...loadConfig(resilienceEnv, settings), subgraphTimeouts: new Map() }, new Registry(), logger);
    source = new SubgraphDataSource({ name: 'reviews', url: subgraph.url, fetcher: resilience.fetcherFor('reviews') }, secret);
  });
  afterEach(async () => {
    await subgraph.stop();
    await resilience.close();
  });

  it('retries a query that failed', async () => {
    const response = await source.process(call('query Q__reviews__0 { ok }', 'query') as never);
    expect(response.data).toEqual({ ok: true });
    expect(subgraph.calls).toHaveLength(2);
  });

  it('never retries a mutation: one call, and an error naming the subgraph', async () => {
    const error = await source.process(call('mutation M__reviews__0 { ok }', 'mutation') as never).catch((thrown) => thrown);
    expect(subgraph.calls).toHaveLength(1);
    expect(error.message).toBe('Subgraph "reviews" is unavailable: HTTP 503');
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'reviews' });
  });

  it('nor the entity fetches of an incoming mutation (they read what it wrote)', async () => {
    await source
      .process(call('query($representations:[_Any!]!){ _entities(representations:$representations){ __typename } }', 'mutation') as never)
      .catch(() => {});
    expect(subgraph.calls).toHaveLength(1);
  });
});
