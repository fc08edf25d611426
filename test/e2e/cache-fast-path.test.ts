import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter } from '../../router/router';
import type { RunningService } from '../../runtime/http-service';
import { lastRead as eventually } from '../support/eventually';
import { expectData, graphql } from '../support/graphql';
import { metricValue } from '../support/metrics';
import { roomyRouterRateLimits } from '../support/router-limits';
import { createShopProduct } from '../support/shop';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { asCustomer, asStaff, testKeys } from '../support/tokens';

// Each test asks its own product, so answers cached by other tests or runs never stand in.
const PRODUCT = `query CachedProduct($id: ID!) { product(id: $id) { id name price { amount } } }`;
const WISHED = `query WishedProduct($id: ID!) { product(id: $id) { id name wishlisted } }`;

async function ask(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await graphql(url, query, variables, headers);
  return { data: response.data, errors: response.errors, cache: response.headers.get('x-cache'), status: response.status, headers: response.headers };
}

const hit = (url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) =>
  eventually(
    () => ask(url, query, variables, headers),
    (answer) => answer.cache === 'HIT',
    5_000,
  );

describe('cached answers served before the pipeline (the fast path)', () => {
  let supergraph: RunningSupergraph;
  let url: string;
  const routers: RunningService[] = [];
  /** Another router over the same subgraphs and Redis, with these settings. */
  const anotherRouter = async (env: Record<string, string> = {}) => {
    const overrides = Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
    const router = await startRouter({ ...testEnv, ...roomyRouterRateLimits, PORT: '0', AUTH_JWKS_URL: (await testKeys()).jwksUrl, ...overrides, ...env });
    routers.push(router);
    return router.url;
  };
  beforeAll(async () => {
    supergraph = await startSupergraph();
    url = supergraph.routerUrl;
  }, 120_000);
  afterAll(async () => {
    await Promise.all(routers.map((router) => router.stop()));
    await supergraph?.stop();
  });

  it('answers a hit with the bytes of the answer first given, its headers, and counts it as an operation', async () => {
    const id = await createShopProduct(url, `Fast Freesias ${randomUUID().slice(0, 6)}`);
    const first = await ask(url, PRODUCT, { id });
    const operations = async () =>
      (await metricValue(supergraph.router.metricsUrl, 'graphql_operations_total', { type: 'query', name: 'CachedProduct', outcome: 'success' })) ?? 0;
    const before = await operations();
    const again = await hit(url, PRODUCT, { id });
    expect(first.cache).toBe('MISS');
    expect(again.data).toEqual(first.data);
    expect(again.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(again.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);
    expect(again.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(await operations()).toBeGreaterThan(before);
  });

  it("shares a public answer within its pool only, and never gives one customer's private answer to another", async () => {
    const id = await createShopProduct(url, `Pooled Peonies ${randomUUID().slice(0, 6)}`);
    const [ana, bea] = [await asCustomer(), await asCustomer()];
    await ask(url, PRODUCT, { id }, ana);
    expect((await hit(url, PRODUCT, { id }, ana)).cache).toBe('HIT');
    // Signed-in customers share public answers; anonymous callers have a pool of their own.
    expect((await ask(url, PRODUCT, { id }, bea)).cache).toBe('HIT');
    expect((await ask(url, PRODUCT, { id })).cache).toBe('MISS');

    await expectData(url, 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', { p: id }, ana);
    await ask(url, WISHED, { id }, ana);
    expect(await hit(url, WISHED, { id }, ana)).toMatchObject({ data: { product: { wishlisted: true } } });
    for (let i = 0; i < 3; i += 1) {
      const other = await ask(url, WISHED, { id }, bea);
      expect(other.data?.product.wishlisted).toBe(false);
    }
    expect((await hit(url, WISHED, { id }, bea)).data?.product.wishlisted).toBe(false);
    expect((await ask(url, WISHED, { id }, ana)).data?.product.wishlisted).toBe(true);
  });

  it('refuses a forged or an expired token even for a body it holds an answer to', async () => {
    const id = await createShopProduct(url, `Guarded Gerberas ${randomUUID().slice(0, 6)}`);
    const accountId = randomUUID();
    const keys = await testKeys();
    const brief = { authorization: `Bearer ${await keys.sign({ accountId, roles: ['CUSTOMER'] }, { expiresIn: '2s' })}` };
    await ask(url, PRODUCT, { id }, brief);
    expect((await hit(url, PRODUCT, { id }, brief)).cache).toBe('HIT');
    // The same body with a forged token (a signature nobody made).
    const [head, payload] = brief.authorization.slice('Bearer '.length).split('.');
    const forged = await ask(url, PRODUCT, { id }, { authorization: `Bearer ${head}.${payload}.AAAA` });
    expect(forged).toMatchObject({ status: 401, data: undefined });
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const expired = await ask(url, PRODUCT, { id }, brief);
    expect(expired.status).toBe(401);
    expect(expired.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('never serves staff from the cache', async () => {
    const id = await createShopProduct(url, `Staff Statice ${randomUUID().slice(0, 6)}`);
    await hit(url, PRODUCT, { id }, await asCustomer()).catch(() => undefined);
    const staff = await asStaff();
    expect((await ask(url, PRODUCT, { id }, staff)).cache).toBe('BYPASS');
  });

  it("spends the caller's rate limit on every hit, and refuses past it exactly as the pipeline does", async () => {
    const limited = await anotherRouter({ ROUTER_RATE_LIMIT_QUERY_PER_MINUTE: '6' });
    const id = await createShopProduct(url, `Limited Lilies ${randomUUID().slice(0, 6)}`);
    const customer = await asCustomer();
    const answers = [];
    for (let i = 0; i < 8; i += 1) answers.push(await ask(limited, PRODUCT, { id }, customer));
    expect(answers.slice(0, 6).every((answer) => answer.status === 200)).toBe(true);
    expect(answers.slice(1, 6).some((answer) => answer.cache === 'HIT')).toBe(true);
    for (const refused of answers.slice(6)) {
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', limit: 6 });
    }
  });

  it('does not serve a body that other operation limits would refuse (the limits are part of the key)', async () => {
    const id = await createShopProduct(url, `Deep Dahlias ${randomUUID().slice(0, 6)}`);
    await ask(url, PRODUCT, { id });
    expect((await hit(url, PRODUCT, { id })).cache).toBe('HIT');
    const strict = await anotherRouter({ ROUTER_MAX_QUERY_DEPTH: '1' });
    const refused = await ask(strict, PRODUCT, { id });
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0].extensions?.code).toBe('QUERY_TOO_DEEP');
  });

  it('a write through one router is seen at once through another that held the old answer in memory', async () => {
    const other = await anotherRouter();
    const id = await createShopProduct(url, `Shared Snapdragons ${randomUUID().slice(0, 6)}`, 10, 1000);
    await ask(other, PRODUCT, { id });
    expect((await hit(other, PRODUCT, { id })).data?.product.price.amount).toBe('10.00');
    await expectData(
      url,
      'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }',
      { id, input: { priceMinor: 1250 } },
      await asStaff(),
    );
    const after = await ask(other, PRODUCT, { id });
    expect(after).toMatchObject({ cache: 'MISS', data: { product: { price: { amount: '12.50' } } } });
  });

  it('stops keeping the answers of an operation asked with new variables every time, and keeps one asked again', async () => {
    // An operation of this run's own: its reuse is judged apart from every other's.
    const name = `SeldomAsked${randomUUID().replaceAll('-', '')}`;
    const query = `query ${name}($id: ID!) { product(id: $id) { id name } }`;
    const someId = () => randomUUID().replaceAll('-', '').slice(0, 24);
    const deferred = async () => (await metricValue(supergraph.router.metricsUrl, 'router_cache_deferred_keeps_total', { cache: 'answer' })) ?? 0;
    for (let i = 0; i < 100; i += 1) expect((await ask(url, query, { id: someId() })).cache).toBe('MISS');
    const before = await deferred();

    const id = someId();
    expect((await ask(url, query, { id })).cache).toBe('MISS'); // not kept: answers of this operation are not read again
    expect(await deferred()).toBeGreaterThan(before);
    expect((await ask(url, query, { id })).cache).toBe('MISS'); // asked again: kept now
    expect((await hit(url, query, { id })).data).toEqual({ product: null });
  });

  it("answers a miss of a query it ran before as it answered the first (that one through Express's whole chain)", async () => {
    // A document of this run's own: its first request is the first the router sees of it.
    const query = `query DirectProduct($id: ID!) { product(id: $id) { id name } } # ${randomUUID()}`;
    const [a, b] = [
      await createShopProduct(url, `Direct Dahlias ${randomUUID().slice(0, 6)}`),
      await createShopProduct(url, `Direct Daisies ${randomUUID().slice(0, 6)}`),
    ];
    const first = await ask(url, query, { id: a });
    const again = await ask(url, query, { id: b });
    for (const answer of [first, again]) {
      expect(answer).toMatchObject({ status: 200, cache: 'MISS' });
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.headers.get('cache-control')).toMatch(/^max-age=\d+, public$/);
      expect(answer.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(again.data?.product).toMatchObject({ id: b, name: expect.stringMatching(/^Direct Daisies/) });

    // What the pipeline refuses, it still refuses: variables that do not coerce, input nested past the limit.
    const badVariables = await ask(url, query, { id: { not: 'an id' } });
    expect(badVariables.status).toBe(400);
    expect(badVariables.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', requestId: badVariables.headers.get('x-request-id') });
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 40; i += 1) deep = { deeper: deep };
    const tooDeep = await ask(url, query, { id: a, extra: deep });
    expect(tooDeep.status).toBe(400);
    expect(tooDeep.errors?.[0].extensions).toMatchObject({ code: 'INPUT_TOO_DEEP' });
  });

  it('answers a body that is not JSON as the pipeline does', async () => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [{ message: 'The request body could not be read as JSON', extensions: { code: 'BAD_REQUEST', requestId: response.headers.get('x-request-id') } }],
    });
  });
});
