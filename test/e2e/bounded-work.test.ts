import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueAddress } from '../support/client-address';
import { metricValue } from '../support/metrics';
import { routerSubgraphCalls } from '../support/router-subgraph-calls';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asCustomer } from '../support/tokens';

const ONE_PRODUCT = '{ products(first: 1) { edges { node { id } } } }';

// Small limits; every request comes from an address of its own (X-Forwarded-For through one trusted proxy).
const LIMITS = {
  TRUST_PROXY_HOPS: '1',
  ROUTER_RATE_LIMIT_ANONYMOUS_QUERY_PER_MINUTE: '3',
  ROUTER_RATE_LIMIT_QUERY_PER_MINUTE: '4',
  ROUTER_MAX_DOCUMENT_TOKENS: '200',
  ROUTER_MAX_SELECTIONS: '20',
};

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

describe('bounded work per request', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph(LIMITS);
  });
  afterAll(() => supergraph?.stop());

  const post = async (body: unknown, headers: Record<string, string> = {}, address = uniqueAddress()): Promise<Answer> => {
    const response = await fetch(supergraph.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, headers: response.headers, body: JSON.parse(await response.text()) };
  };
  const codes = (answer: Answer) => (answer.body.errors ?? []).map((error: { extensions?: { code?: string } }) => error.extensions?.code);
  const routerCount = async (name: string, labels: Record<string, string>) => (await metricValue(supergraph.router.metricsUrl, name, labels)) ?? 0;

  describe('documents bounded before they are validated', () => {
    it('refuses a document of more tokens than allowed with 400 DOCUMENT_TOO_LARGE, before any subgraph', async () => {
      const before = await routerSubgraphCalls(supergraph);
      const huge = await post({ query: `{ products(first: 1) { edges { node { ${'id '.repeat(28_000)} } } } }` });
      expect(huge.status).toBe(400);
      expect(huge.body.errors[0].extensions).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', limit: 200 });
      expect(await routerSubgraphCalls(supergraph)).toBe(before);
      expect(await routerCount('router_operation_refusals_total', { code: 'DOCUMENT_TOO_LARGE' })).toBeGreaterThan(0);
    });

    it('refuses a document of more selections than allowed with 400 TOO_MANY_SELECTIONS, also inside a batch', async () => {
      const many = `{ products(first: 1) { edges { node { ${'id '.repeat(30)} } } } }`;
      const refused = await post({ query: many });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_SELECTIONS', limit: 20 });
      const batch = await post([{ query: ONE_PRODUCT }, { query: many }]);
      expect(codes(batch)).toEqual(['TOO_MANY_SELECTIONS']);
      // Within the limits it runs.
      expect((await post({ query: ONE_PRODUCT })).body.errors).toBeUndefined();
    });
  });

  describe('every request spends the caller’s budget', () => {
    it('counts documents that do not parse or validate against the anonymous address: past its budget, 429', async () => {
      const address = uniqueAddress();
      expect(codes(await post({ query: '{ products(' }, {}, address))).toEqual(['GRAPHQL_PARSE_FAILED']);
      expect(codes(await post({ query: '{ noSuchField }' }, {}, address))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      expect(codes(await post({ query: `{ ${'id '.repeat(300)} }` }, {}, address))).toEqual(['DOCUMENT_TOO_LARGE']);
      const refused = await post({ query: '{ products(' }, {}, address);
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', limit: 3 });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      // A good query from there is refused as well; another address is not affected.
      expect((await post({ query: ONE_PRODUCT }, {}, address)).status).toBe(429);
      expect((await post({ query: ONE_PRODUCT })).body.errors).toBeUndefined();
    });

    it('counts refused tokens against the client address', async () => {
      const address = uniqueAddress();
      const bad = { authorization: 'Bearer not-a-token' };
      for (let i = 0; i < 3; i += 1) expect(codes(await post({ query: ONE_PRODUCT }, bad, address))).toEqual(['UNAUTHENTICATED']);
      const refused = await post({ query: ONE_PRODUCT }, bad, address);
      expect(refused.status).toBe(429);
      expect(codes(refused)).toEqual(['TOO_MANY_ATTEMPTS']);
    });

    it('counts a signed-in caller’s failed requests against the account, not the shared address', async () => {
      const customer = await asCustomer();
      const shared = uniqueAddress();
      for (let i = 0; i < 4; i += 1) expect(codes(await post({ query: '{ noSuchField }' }, customer, uniqueAddress()))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
      const refused = await post({ query: ONE_PRODUCT }, customer, shared);
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', limit: 4 });
      // Another customer behind the same address keeps their own budget.
      expect((await post({ query: ONE_PRODUCT }, await asCustomer(), shared)).body.errors).toBeUndefined();
    });
  });
});
