import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql, type GraphQLResponse } from '../support/graphql';
import { metricValue } from '../support/metrics';
import { createTestProduct } from '../support/orders';
import { spawnService, type ServiceProcess } from '../support/service-process';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testKeys } from '../support/tokens';

// The reviews calls' timeout; the other subgraphs get a roomy one, as a loaded test machine can be slow.
const TIMEOUT_MS = 3_000;
const RESET_MS = 1_500;
// Products from the catalog, their rating from reviews: one plan across both subgraphs.
const PRODUCTS = '{ products(first: 3) { edges { node { id name rating { average count } } } } }';
// Reviews alone, so its time is the reviews call's (a busy catalog does not blur it).
const REVIEW = '{ review(id: "000000000000000000000000") { id } }';

/** The router's `router_subgraph_breaker_state` for a subgraph (0 closed, 1 half-open, 2 open). */
const breakerState = (routerMetricsUrl: string, subgraph: string) => metricValue(routerMetricsUrl, 'router_subgraph_breaker_state', { subgraph });

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Queries until an answer is whole (a failed half-open probe opens the breaker again for RESET_MS); returns it. */
async function untilWhole(routerUrl: string): Promise<any> {
  let last: GraphQLResponse | undefined;
  await until(
    'full data comes back',
    async () => {
      last = await graphql(routerUrl, PRODUCTS);
      return !last.errors?.length;
    },
    4 * RESET_MS + 10_000,
  );
  return last!.data;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

/** A response with the catalog's fields and, instead of the ratings, an error naming reviews. */
function expectPartial(response: GraphQLResponse & { status: number }, reason: RegExp): void {
  const nodes = response.data!.products.edges.map((edge: { node: unknown }) => edge.node);
  expect(nodes.length).toBeGreaterThan(0);
  for (const node of nodes) expect(node).toEqual({ id: expect.any(String), name: expect.any(String), rating: null });
  expectUnavailable(response, reason);
}

/** HTTP 200 (not a failed request) with an error that names reviews. */
function expectUnavailable(response: GraphQLResponse & { status: number }, reason: RegExp): void {
  expect(response.status).toBe(200);
  expect(response.errors).toContainEqual(
    expect.objectContaining({
      message: expect.stringMatching(reason),
      extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'reviews' }),
    }),
  );
}

// The reviews subgraph runs as a process of its own (`npm test` builds first), so it can be killed and hung.
describe('a subgraph outage', () => {
  let supergraph: RunningSupergraph;
  let reviews: ServiceProcess;
  let reviewsEnv: Record<string, string>;

  beforeAll(async () => {
    reviewsEnv = { AUTH_JWKS_URL: (await testKeys()).jwksUrl };
    reviews = await spawnService('subgraphs/reviews/main.js', 'reviews subgraph listening', reviewsEnv);
    supergraph = await startSupergraph({
      ROUTER_RESPONSE_CACHE: 'off', // every query here must reach the subgraphs
      SUBGRAPH_REVIEWS_URL: reviews.url,
      SUBGRAPH_TIMEOUT_MS: '30000',
      SUBGRAPH_REVIEWS_TIMEOUT_MS: String(TIMEOUT_MS),
      SUBGRAPH_RETRIES: '1',
      SUBGRAPH_RETRY_BASE_MS: '20',
      SUBGRAPH_BREAKER_MIN_CALLS: '4',
      SUBGRAPH_BREAKER_WINDOW_MS: '60000',
      SUBGRAPH_BREAKER_RESET_MS: String(RESET_MS),
    });
    await createTestProduct(supergraph.routerUrl, 'Outage Orchids');
  }, 90_000);
  afterAll(async () => {
    reviews?.child.kill('SIGCONT');
    await reviews?.stop();
    await supergraph?.stop();
  });

  it('answers with partial data and an error naming reviews while it is down; its breaker opens, half-opens and closes', { timeout: 90_000 }, async () => {
    const before = await expectData(supergraph.routerUrl, PRODUCTS);
    expect(before.products.edges[0].node.rating).toEqual(expect.objectContaining({ count: expect.any(Number) }));
    expect(await breakerState(supergraph.router.metricsUrl, 'reviews')).toBe(0);

    const calls = (outcome: string) =>
      metricValue(supergraph.router.metricsUrl, 'router_subgraph_request_duration_seconds_count', { subgraph: 'reviews', outcome });
    expect(await calls('answered')).toBeGreaterThan(0);
    const unanswered = (await calls('no_answer')) ?? 0;
    const port = reviews.port;
    await reviews.kill();
    // Each answer is partial; the failed calls open the breaker within a few requests.
    for (let attempt = 0; (await breakerState(supergraph.router.metricsUrl, 'reviews')) !== 2; attempt++) {
      expect(attempt).toBeLessThan(5);
      expectPartial(await graphql(supergraph.routerUrl, PRODUCTS), /^Subgraph "reviews" is unavailable: (connection failed|its circuit breaker is open)/);
    }
    const open = await graphql(supergraph.routerUrl, PRODUCTS);
    expectPartial(open, /^Subgraph "reviews" is unavailable: its circuit breaker is open$/);
    expect(await breakerState(supergraph.router.metricsUrl, 'catalog')).toBe(0);
    // The attempts that got no answer are counted as such (the ones the open breaker refused are not attempts).
    expect(await calls('no_answer')).toBeGreaterThan(unanswered);

    reviews = await spawnService('subgraphs/reviews/main.js', 'reviews subgraph listening', { ...reviewsEnv, PORT: String(port) });
    await until('the breaker half-opens', async () => (await breakerState(supergraph.router.metricsUrl, 'reviews')) === 1, RESET_MS + 5_000);
    const after = await untilWhole(supergraph.routerUrl); // the half-open breaker's probe closes it
    expect(after.products.edges[0].node.rating).toEqual(expect.objectContaining({ count: expect.any(Number) }));
    expect(await breakerState(supergraph.router.metricsUrl, 'reviews')).toBe(0);
  });

  it('fails fast once the breaker is open, instead of waiting out the timeout of a hung subgraph', { timeout: 90_000 }, async () => {
    await expectData(supergraph.routerUrl, PRODUCTS);
    reviews.child.kill('SIGSTOP'); // alive, but answers nothing
    try {
      const hung = await timed(() => graphql(supergraph.routerUrl, REVIEW));
      expect(hung.ms).toBeGreaterThanOrEqual(TIMEOUT_MS);
      // Cut off at the timeout: a query that timed out is not tried again (it was, waiting twice as long).
      expect(hung.ms).toBeLessThan(TIMEOUT_MS * 1.8);
      expectUnavailable(hung.result, /^Subgraph "reviews" is unavailable: (no answer within 3000 ms|its circuit breaker is open)$/);
      expect(hung.result.data).toEqual({ review: null });
      for (let attempt = 0; (await breakerState(supergraph.router.metricsUrl, 'reviews')) !== 2; attempt++) {
        expect(attempt).toBeLessThan(5);
        expectPartial(await graphql(supergraph.routerUrl, PRODUCTS), /^Subgraph "reviews" is unavailable/);
      }
      const fast = await timed(() => graphql(supergraph.routerUrl, REVIEW));
      expectUnavailable(fast.result, /its circuit breaker is open$/);
      expect(fast.ms).toBeLessThan(TIMEOUT_MS / 2);
    } finally {
      reviews.child.kill('SIGCONT');
    }
    await until('the breaker half-opens', async () => (await breakerState(supergraph.router.metricsUrl, 'reviews')) === 1, RESET_MS + 5_000);
    await untilWhole(supergraph.routerUrl);
    expect(await breakerState(supergraph.router.metricsUrl, 'reviews')).toBe(0);
  });
});
