import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql, unique } from '../support/graphql';
import { metricValue } from '../support/metrics';
import { createTestProduct } from '../support/orders';
import { spawnService, type ServiceProcess } from '../support/service-process';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { startRouter } from '../../router/router';
import { roomyRouterRateLimits } from '../support/router-limits';
import { testEnv } from '../support/test-env';
import { asCustomer, asStaff, testKeys } from '../support/tokens';

// Products from the catalog, their rating from reviews (run as a process of its own, so it can be hung).
const PRODUCTS = '{ products(first: 3) { edges { node { id name rating { count } } } } }';

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('load shedding at the router', () => {
  let supergraph: RunningSupergraph;
  let reviews: ServiceProcess;
  beforeAll(async () => {
    reviews = await spawnService('subgraphs/reviews/main.js', 'reviews subgraph listening', { AUTH_JWKS_URL: (await testKeys()).jwksUrl });
    supergraph = await startSupergraph({
      ROUTER_RESPONSE_CACHE: 'off', // every query here must reach the subgraphs
      SUBGRAPH_REVIEWS_URL: reviews.url,
      SUBGRAPH_REVIEWS_MAX_CONCURRENCY: '2',
      SUBGRAPH_READ_SHARE: '0.5', // one slot for reads, one kept for writes
      SUBGRAPH_READ_WAIT_MS: '100',
      SUBGRAPH_MAX_WAITING: '4',
      SUBGRAPH_REVIEWS_TIMEOUT_MS: '4000',
      SUBGRAPH_RETRIES: '0',
    });
    await createTestProduct(supergraph.routerUrl, 'Shed Snowdrops');
  }, 90_000);
  afterAll(async () => {
    reviews?.child.kill('SIGCONT');
    await reviews?.stop();
    await supergraph?.stop();
  });

  it('refuses reads past a busy subgraph fast with 503 and Retry-After, keeps the rest of the answer, and serves again once it is free', async () => {
    await expectData(supergraph.routerUrl, PRODUCTS);
    const shedBefore = (await metricValue(supergraph.router.metricsUrl, 'router_load_shed_total', { subgraph: 'reviews', priority: 'read' })) ?? 0;
    reviews.child.kill('SIGSTOP'); // its one read slot stays taken by the next call
    try {
      const stuck = graphql(supergraph.routerUrl, PRODUCTS);
      await until(async () => (await metricValue(supergraph.router.metricsUrl, 'router_subgraph_calls_in_flight', { subgraph: 'reviews' })) === 1);
      const startedAt = Date.now();
      const shed = await graphql(supergraph.routerUrl, PRODUCTS);
      expect(Date.now() - startedAt).toBeLessThan(1_500);
      expect(shed.status).toBe(503);
      expect(shed.headers.get('retry-after')).toBe('1');
      expect(shed.errors).toContainEqual(expect.objectContaining({ extensions: expect.objectContaining({ code: 'SUBGRAPH_BUSY', serviceName: 'reviews' }) }));
      // The catalog's part stands; only the busy subgraph's fields are missing.
      expect(shed.data?.products.edges[0].node).toEqual({ id: expect.any(String), name: expect.any(String), rating: null });
      expect(await metricValue(supergraph.router.metricsUrl, 'router_load_shed_total', { subgraph: 'reviews', priority: 'read' })).toBeGreaterThan(shedBefore);
      // Shedding is not failing: the breaker did not count it.
      expect(await metricValue(supergraph.router.metricsUrl, 'router_subgraph_breaker_state', { subgraph: 'reviews' })).toBe(0);
      reviews.child.kill('SIGCONT');
      expect((await stuck).errors).toBeUndefined();
    } finally {
      reviews.child.kill('SIGCONT');
    }
    expect((await graphql(supergraph.routerUrl, PRODUCTS)).status).toBe(200);
  });

  it('admits only so many operations at once: queries past their share are refused fast with ROUTER_BUSY, a mutation still runs', async () => {
    const overrides = Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
    const router = await startRouter({
      ...testEnv,
      ...roomyRouterRateLimits,
      PORT: '0',
      AUTH_JWKS_URL: (await testKeys()).jwksUrl,
      ...overrides,
      SUBGRAPH_REVIEWS_URL: reviews.url,
      ROUTER_RESPONSE_CACHE: 'off',
      ROUTER_MAX_CONCURRENT_OPERATIONS: '2',
      ROUTER_QUERY_SHARE: '0.5', // one query at a time; the other slot kept for mutations
      ROUTER_QUERY_WAIT_MS: '20',
    });
    const staff = await asStaff();
    reviews.child.kill('SIGSTOP'); // the running query stays running
    try {
      const running = graphql(router.url, PRODUCTS);
      await until(async () => ((await metricValue(router.metricsUrl, 'router_subgraph_calls_in_flight', { subgraph: 'reviews' })) ?? 0) >= 1);
      const startedAt = Date.now();
      const refused = await graphql(router.url, PRODUCTS);
      expect(Date.now() - startedAt).toBeLessThan(1_000);
      expect(refused.status).toBe(503);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'ROUTER_BUSY', retryAfterSeconds: 1 });
      expect(refused.data).toBeUndefined();
      expect(await metricValue(router.metricsUrl, 'router_operations_shed_total', { operation_class: 'query' })).toBeGreaterThanOrEqual(1);
      // A mutation has a slot of its own.
      const created = await graphql(
        router.url,
        'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
        { input: { name: `Admitted ${Date.now()}` } },
        staff,
      );
      expect(created.errors).toBeUndefined();
      reviews.child.kill('SIGCONT');
      expect((await running).errors).toBeUndefined();
      expect((await graphql(router.url, PRODUCTS)).status).toBe(200);
    } finally {
      reviews.child.kill('SIGCONT');
      await router.stop();
    }
  });

  it('admits a query it ran before at the edge, before the pipeline: it waits in line there or is refused at once when the line is full; its budget is spent, cached answers still served', async () => {
    const overrides = Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
    const router = await startRouter({
      ...testEnv,
      ...roomyRouterRateLimits,
      ROUTER_RATE_LIMIT_QUERY_PER_MINUTE: '8', // the customer's eight requests below spend it all
      PORT: '0',
      AUTH_JWKS_URL: (await testKeys()).jwksUrl,
      ...overrides,
      SUBGRAPH_REVIEWS_URL: reviews.url,
      ROUTER_RESPONSE_CACHE: 'on',
      ROUTER_MAX_CONCURRENT_OPERATIONS: '2', // a line of two at most
      ROUTER_QUERY_SHARE: '0.5', // one query at a time
      ROUTER_QUERY_WAIT_MS: '20000', // those in line stay there
    });
    const customer = await asCustomer();
    // A document of this test alone; `first` makes each request a different answer, and a different call to reviews.
    const products = `query ${unique('EdgeShed').replace(/-/g, '_')}($first: Int!) { products(first: 1) { edges { node { id reviews(first: $first) { totalCount } } } } }`;
    const ask = (first: number, document = products) => graphql(router.url, document, { first }, customer);
    const shed = (stage: string) => metricValue(router.metricsUrl, 'router_operations_shed_total', { operation_class: 'query', stage });
    try {
      const cached = await ask(1); // 1: run once, so the router knows it is a query; its answer is kept
      expect(cached.errors).toBeUndefined();
      reviews.child.kill('SIGSTOP');
      const running = ask(2); // 2: takes the one slot, hanging on reviews
      await until(async () => ((await metricValue(router.metricsUrl, 'router_operations_admitted', { state: 'running' })) ?? 0) >= 1);
      const waiting = [ask(3)]; // 3, 4: fill the line; 4 leaves while it waits (its place stays taken until its turn)
      const leaving = new AbortController();
      const left = fetch(router.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...customer },
        body: JSON.stringify({ query: products, variables: { first: 4 } }),
        signal: leaving.signal,
      }).catch(() => 'left');
      await until(async () => ((await metricValue(router.metricsUrl, 'router_operations_admitted', { state: 'waiting' })) ?? 0) >= 2);
      leaving.abort();
      expect(await left).toBe('left');

      const refused = [await ask(5), await ask(6)]; // 5, 6: refused at the edge
      for (const answer of refused) {
        expect(answer.status).toBe(503);
        expect(answer.headers.get('retry-after')).toBe('1');
        expect(answer.errors?.[0].extensions).toMatchObject({ code: 'ROUTER_BUSY', retryAfterSeconds: 1, requestId: expect.any(String) });
      }
      expect(await shed('edge')).toBeGreaterThanOrEqual(2);
      const hit = await ask(1); // 7: a cached answer is served, busy or not
      expect(hit.status).toBe(200);
      expect(hit.headers.get('x-cache')).toBe('HIT');
      expect(hit.data).toEqual(cached.data);
      // 8: a document the router never ran goes through the pipeline, refused there as before.
      const unknown = await ask(7, products.replace('edges', 'totalCount edges'));
      expect(unknown.status).toBe(503);
      expect(await shed('admission')).toBeGreaterThanOrEqual(1);

      reviews.child.kill('SIGCONT');
      for (const answer of [await running, ...(await Promise.all(waiting))]) expect(answer.errors).toBeUndefined();
      // The refusals at the edge spent the budget too: eight requests, so a ninth and tenth find it spent.
      const after = [await ask(8), await ask(9)];
      expect(after.some((answer) => answer.errors?.[0].extensions?.code === 'TOO_MANY_ATTEMPTS')).toBe(true);
      // Every slot taken at the edge was given back: by the requests the pipeline refused (429) before admission, and
      // by the one whose client left while it waited.
      await until(async () => (await metricValue(router.metricsUrl, 'router_operations_admitted', { state: 'running' })) === 0);
    } finally {
      reviews.child.kill('SIGCONT');
      await router.stop();
    }
  });
});
