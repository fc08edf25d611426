import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueAddress } from '../support/client-address';
import { metricValue } from '../support/metrics';
import { routerSubgraphCalls } from '../support/router-subgraph-calls';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asCustomer } from '../support/tokens';

/** A page of one product: depth 4, no aliases, cost 4 (within every limit below). */
const ONE_PRODUCT = '{ products(first: 1) { edges { node { id } } } }';
const ANONYMOUS_MUTATION = 'mutation { addToWishlist(productId: "none") { id } }';

// Small limits; every request comes from an address of its own (X-Forwarded-For through one trusted proxy),
// so one test's budget never meets another's, nor another run's.
const LIMITS = {
  TRUST_PROXY_HOPS: '1',
  ROUTER_RATE_LIMIT_ANONYMOUS_QUERY_PER_MINUTE: '3',
  ROUTER_RATE_LIMIT_ANONYMOUS_MUTATION_PER_MINUTE: '1',
  ROUTER_RATE_LIMIT_QUERY_PER_MINUTE: '5',
  ROUTER_MAX_QUERY_DEPTH: '4',
  ROUTER_MAX_ALIASES: '2',
  ROUTER_MAX_QUERY_COST: '100',
  ROUTER_MAX_BODY_BYTES: '2000',
  ROUTER_MAX_BATCH_LENGTH: '3',
};

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

describe('router protection', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph(LIMITS);
  });
  afterAll(() => supergraph?.stop());

  /** POSTs a JSON body (one operation or a batch) as a client at `address`. */
  const post = async (body: unknown, headers: Record<string, string> = {}, address = uniqueAddress()): Promise<Answer> => {
    const response = await fetch(supergraph.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: JSON.parse(text) };
  };

  /** A router counter (0 before its first increment). */
  const routerCount = async (name: string, labels: Record<string, string>) => (await metricValue(supergraph.router.metricsUrl, name, labels)) ?? 0;

  /** The answer, and how many calls the router made to subgraphs meanwhile. */
  const whileCounting = async (send: () => Promise<Answer>) => {
    const before = await routerSubgraphCalls(supergraph);
    const answer = await send();
    return { ...answer, subgraphCalls: (await routerSubgraphCalls(supergraph)) - before };
  };

  describe('rate limits', () => {
    it('refuses an anonymous address past its query budget with 429, Retry-After and TOO_MANY_ATTEMPTS, before any subgraph', async () => {
      const address = uniqueAddress();
      for (let i = 0; i < 3; i += 1) expect((await post({ query: ONE_PRODUCT }, {}, address)).body.errors).toBeUndefined();
      const counted = { operation_class: 'query', scope: 'address' };
      const refusalsBefore = await routerCount('router_rate_limit_refusals_total', counted);
      const refused = await whileCounting(() => post({ query: ONE_PRODUCT }, {}, address));
      expect(refused.status).toBe(429);
      expect(await routerCount('router_rate_limit_refusals_total', counted)).toBe(refusalsBefore + 1);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds: retryAfter, limit: 3 });
      expect(refused.body.errors[0].message).toMatch(/3 a minute per client address/);
      expect(refused.subgraphCalls).toBe(0);
      // Another address is not affected.
      expect((await post({ query: ONE_PRODUCT })).status).toBe(200);
    });

    it('counts mutations on a budget of their own', async () => {
      const address = uniqueAddress();
      const first = await post({ query: ANONYMOUS_MUTATION }, {}, address);
      expect(first.body.errors[0].extensions.code).toBe('UNAUTHENTICATED'); // counted, then refused by the wishlist
      const second = await post({ query: ANONYMOUS_MUTATION }, {}, address);
      expect(second.status).toBe(429);
      expect(second.body.errors[0].extensions.code).toBe('TOO_MANY_ATTEMPTS');
      expect((await post({ query: ONE_PRODUCT }, {}, address)).status).toBe(200);
    });

    it('counts a signed-in customer by account, from whatever address', async () => {
      const customer = await asCustomer();
      for (let i = 0; i < 5; i += 1) expect((await post({ query: ONE_PRODUCT }, customer)).status).toBe(200);
      const counted = { operation_class: 'query', scope: 'account' };
      const refusalsBefore = await routerCount('router_rate_limit_refusals_total', counted);
      const refused = await post({ query: ONE_PRODUCT }, customer);
      expect(refused.status).toBe(429);
      expect(await routerCount('router_rate_limit_refusals_total', counted)).toBe(refusalsBefore + 1);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', limit: 5 });
      expect((await post({ query: ONE_PRODUCT }, await asCustomer())).status).toBe(200);
    });
  });

  describe('operation limits, before any subgraph is called', () => {
    it('lets an operation within every limit through', async () => {
      // Named uniquely, so no cached answer serves it: the router's count of its calls shows this one.
      const answer = await whileCounting(() => post({ query: `query Within${randomUUID().replaceAll('-', '')} ${ONE_PRODUCT}` }));
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
      expect(answer.subgraphCalls).toBeGreaterThan(0);
    });

    it.each([
      ['QUERY_TOO_DEEP', '{ products(first: 1) { edges { node { reviews(first: 1) { edges { node { id } } } } } } }', 7, 4, /7 levels deep; the limit is 4/],
      [
        'TOO_MANY_ALIASES',
        `{ a: ${ONE_PRODUCT.slice(2, -2)} b: ${ONE_PRODUCT.slice(2, -2)} c: ${ONE_PRODUCT.slice(2, -2)} }`,
        3,
        2,
        /3 aliases; the limit is 2/,
      ],
      ['QUERY_TOO_COSTLY', '{ products(first: 100) { edges { node { id } } } }', 202, 100, /costs 202; the limit is 100/],
    ])('refuses with 400 %s, naming the value and the limit', async (code, query, value, limit, message) => {
      const refusalsBefore = await routerCount('router_operation_refusals_total', { code });
      const refused = await whileCounting(() => post({ query }));
      expect(refused.status).toBe(400);
      expect(await routerCount('router_operation_refusals_total', { code })).toBe(refusalsBefore + 1);
      expect(refused.body.errors[0].extensions).toMatchObject({ code, value, limit });
      expect(refused.body.errors[0].message).toMatch(message);
      expect(refused.body.data).toBeUndefined();
      expect(refused.subgraphCalls).toBe(0);
    });

    it('takes the cost of a page from a variable', async () => {
      const query = 'query($n: Int!) { products(first: $n) { edges { node { id } } } }';
      expect((await post({ query, variables: { n: 2 } })).status).toBe(200);
      expect((await post({ query, variables: { n: 60 } })).body.errors[0].extensions.code).toBe('QUERY_TOO_COSTLY');
    });
  });

  describe('request size and batches', () => {
    it('answers a body over the size limit with 413 PAYLOAD_TOO_LARGE as a GraphQL error, before any subgraph', async () => {
      const refused = await whileCounting(() => post({ query: ONE_PRODUCT, variables: { padding: 'x'.repeat(3000) } }));
      expect(refused.status).toBe(413);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 2000 });
      expect(refused.body.errors[0].message).toMatch(/the limit is 2000/);
      expect(refused.subgraphCalls).toBe(0);
    });

    it('answers a body that is not JSON with 400 BAD_REQUEST as a GraphQL error', async () => {
      const refused = await post('{"query": ');
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    });

    it('runs a batch within the limit and refuses a longer one with 400 BATCH_TOO_LARGE, before any subgraph', async () => {
      const batch = await post([{ query: ONE_PRODUCT }, { query: '{ __typename }' }]);
      expect(batch.status).toBe(200);
      expect(batch.body).toHaveLength(2);
      expect(batch.body[1]).toEqual({ data: { __typename: 'Query' } });

      const refusalsBefore = await routerCount('router_operation_refusals_total', { code: 'BATCH_TOO_LARGE' });
      const refused = await whileCounting(() => post(Array.from({ length: 4 }, () => ({ query: ONE_PRODUCT }))));
      expect(refused.status).toBe(400);
      expect(await routerCount('router_operation_refusals_total', { code: 'BATCH_TOO_LARGE' })).toBe(refusalsBefore + 1);
      expect(refused.body.errors[0]).toMatchObject({
        message: 'The batch has 4 operations; the limit is 3',
        extensions: { code: 'BATCH_TOO_LARGE', value: 4, limit: 3 },
      });
      expect(refused.subgraphCalls).toBe(0);
    });
  });

  describe('CSRF prevention', () => {
    const get = (headers: Record<string, string> = {}) =>
      fetch(`${supergraph.routerUrl}?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'x-forwarded-for': uniqueAddress(), ...headers } });

    it('refuses a GET without a preflight-forcing header, and serves it with one', async () => {
      const refused = await get();
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/Cross-Site Request Forgery/);
      const allowed = await get({ 'apollo-require-preflight': 'true' });
      expect(allowed.status).toBe(200);
      expect(await allowed.json()).toEqual({ data: { __typename: 'Query' } });
    });

    it('refuses a "simple" POST (text/plain) a browser form could send', async () => {
      const refused = await fetch(supergraph.routerUrl, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', 'x-forwarded-for': uniqueAddress() },
        body: JSON.stringify({ query: ANONYMOUS_MUTATION }),
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toMatch(/Cross-Site Request Forgery/);
    });
  });
});
