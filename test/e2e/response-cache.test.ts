import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { startRouter } from '../../router/router';
import type { RunningService } from '../../runtime/http-service';
import { expectData, graphql } from '../support/graphql';
import { cancelOrder, changeOrderStatus, checkoutCart, createShopProduct, newShopCustomer } from '../support/shop';
import { roomyRouterRateLimits } from '../support/router-limits';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { asCustomer, asStaff, testKeys } from '../support/tokens';
import { lastRead as eventually } from '../support/eventually';
import { metricValue } from '../support/metrics';
import { publishEvent } from '../support/events';
import { newDomainEvent } from '../../runtime/events/domain-event';

const PRODUCT = `query($id: ID!) { product(id: $id) { id name price { amount } stock rating { average count } } }`;
const WISHED = `query($id: ID!) { product(id: $id) { id name wishlisted } }`;

/**
 * Asks until the answer comes from the cache. The first answer is written to Redis in the background, and
 * invalidation events of earlier tests may still bump generations, so the very next request can miss.
 */
async function cachedAnswer(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  return eventually(
    () => ask(url, query, variables, headers),
    (answer) => answer.cache === 'HIT',
    5_000,
  );
}

/** One answer with its cache status (the `x-cache` header). */
async function ask(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const response = await graphql(url, query, variables, headers);
  return { data: response.data, errors: response.errors, cache: response.headers.get('x-cache'), status: response.status };
}

describe('the response cache in Redis at the router', () => {
  let supergraph: RunningSupergraph;
  let url: string;
  beforeAll(async () => {
    supergraph = await startSupergraph();
    url = supergraph.routerUrl;
  }, 120_000);
  afterAll(() => supergraph?.stop());

  it('serves a public answer from the cache the second time, the same for every anonymous caller', async () => {
    const id = await createShopProduct(url, 'Cached Camellias', 10, 1990);
    const counted = async (status: string) => (await metricValue(supergraph.router.metricsUrl, 'router_response_cache_total', { status })) ?? 0;
    const [hits, misses] = [await counted('HIT'), await counted('MISS')];
    const first = await ask(url, PRODUCT, { id });
    const second = await cachedAnswer(url, PRODUCT, { id });
    expect(first.cache).toBe('MISS');
    expect(second.cache).toBe('HIT');
    // What the hit-ratio dashboard reads.
    expect(await counted('HIT')).toBe(hits + 1);
    expect(await counted('MISS')).toBeGreaterThanOrEqual(misses + 1);
    expect(second.data).toEqual(first.data);
    expect(first.data?.product).toMatchObject({ name: 'Cached Camellias', price: { amount: '19.90' }, stock: 10 });
  });

  it("keeps a signed-in customer's private answer (wishlisted) to that customer; staff always bypass the cache", async () => {
    const id = await createShopProduct(url, 'Private Peonies');
    const ana = await asCustomer();
    const bea = await asCustomer();
    await expectData(url, 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', { p: id }, ana);
    expect((await ask(url, WISHED, { id }, ana)).cache).toBe('MISS');
    const again = await cachedAnswer(url, WISHED, { id }, ana);
    expect(again).toMatchObject({ cache: 'HIT', data: { product: { wishlisted: true } } });
    const other = await ask(url, WISHED, { id }, bea);
    expect(other).toMatchObject({ cache: 'MISS', data: { product: { wishlisted: false } } });
    const staff = await asStaff();
    expect((await ask(url, PRODUCT, { id }, staff)).cache).toBe('BYPASS');
    expect((await ask(url, PRODUCT, { id }, staff)).cache).toBe('BYPASS');
  });

  it("never shares one caller's own data with another (myReviews is cached per account)", async () => {
    const id = await createShopProduct(url, 'Personal Petunias');
    const [ana, bea] = [await asCustomer(), await asCustomer()];
    await expectData(
      url,
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      { input: { productId: id, rating: 5, title: 'Mine', body: 'Only I may see this until approved.' } },
      ana,
    );
    const mine = 'query { myReviews { title } }';
    expect(await ask(url, mine, {}, ana)).toMatchObject({ cache: 'MISS', data: { myReviews: [{ title: 'Mine' }] } });
    expect(await cachedAnswer(url, mine, {}, ana)).toMatchObject({ cache: 'HIT', data: { myReviews: [{ title: 'Mine' }] } });
    expect(await ask(url, mine, {}, bea)).toMatchObject({ cache: 'MISS', data: { myReviews: [] } });
  });

  it("caches a customer's orders for that customer only, and shows a status change at once", async () => {
    const id = await createShopProduct(url, 'Ordered Orchids');
    const customer = await newShopCustomer(url);
    const { orderId } = await checkoutCart(url, customer, [[id, 1]]);
    const mine = 'query { myOrders(first: 5) { edges { node { id status lines { product { name } } } } } }';
    expect((await ask(url, mine, {}, customer.headers)).data?.myOrders.edges).toEqual([
      { node: { id: orderId, status: 'PENDING', lines: [{ product: { name: 'Ordered Orchids' } }] } },
    ]);
    expect((await cachedAnswer(url, mine, {}, customer.headers)).cache).toBe('HIT');
    expect(await ask(url, mine, {}, await asCustomer())).toMatchObject({ data: { myOrders: { edges: [] } } });
    await changeOrderStatus(url, orderId, 'CONFIRMED');
    expect((await ask(url, mine, {}, customer.headers)).data?.myOrders.edges[0].node.status).toBe('CONFIRMED');
  });

  it("keeps a customer's cached orders through other customers' checkouts, and drops them at their own", async () => {
    const [annes, bens] = [await createShopProduct(url, 'Kept Kalanchoes'), await createShopProduct(url, 'Other Oleanders')];
    const anne = await newShopCustomer(url);
    const ben = await newShopCustomer(url);
    const { orderId: first } = await checkoutCart(url, anne, [[annes, 1]]);
    const mine = 'query { myOrders(first: 5) { edges { node { id status } } } }';
    // Another run beside this one may bump every order answer (a write that says nothing): a few tries.
    let keptThroughBens = false;
    for (let attempt = 0; attempt < 4 && !keptThroughBens; attempt += 1) {
      expect((await cachedAnswer(url, mine, {}, anne.headers)).cache).toBe('HIT');
      await checkoutCart(url, ben, [[bens, 1]]);
      keptThroughBens = (await ask(url, mine, {}, anne.headers)).cache === 'HIT';
    }
    expect(keptThroughBens).toBe(true);
    const { orderId: second } = await checkoutCart(url, anne, [[annes, 1]]);
    const after = await ask(url, mine, {}, anne.headers);
    expect(after.cache).toBe('MISS');
    expect(after.data?.myOrders.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([second, first]);
  });

  it('never caches a mutation, nor an answer with uncacheable fields', async () => {
    const ana = await asCustomer();
    const cartQuery = 'query { myCart { id itemCount } }';
    expect((await ask(url, cartQuery, {}, ana)).cache).toBe('MISS');
    expect((await ask(url, cartQuery, {}, ana)).cache).toBe('MISS');
    const created = await Promise.all([1, 2].map(() => graphql(url, 'mutation { createCart { id } }', {}, ana)));
    expect(new Set(created.map((response) => response.data?.createCart.id)).size).toBe(2);
    expect(created.map((response) => response.headers.get('x-cache'))).toEqual([null, null]);
  });

  it('shows a new price and stock right after staff change them', async () => {
    const id = await createShopProduct(url, 'Repriced Ranunculus', 10, 2500);
    const staff = await asStaff();
    await ask(url, PRODUCT, { id });
    expect((await cachedAnswer(url, PRODUCT, { id })).cache).toBe('HIT');
    await expectData(
      url,
      'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }',
      { id, input: { priceMinor: 2750 } },
      staff,
    );
    const repriced = await ask(url, PRODUCT, { id });
    expect(repriced).toMatchObject({ cache: 'MISS', data: { product: { price: { amount: '27.50' } } } });
    expect((await cachedAnswer(url, PRODUCT, { id })).cache).toBe('HIT');
    await expectData(url, 'mutation($id: ID!) { adjustStock(productId: $id, delta: -3) { stock } }', { id }, staff);
    expect((await ask(url, PRODUCT, { id })).data?.product.stock).toBe(7);
  });

  it('shows the stock a checkout took at once, and the stock a cancellation gave back once the catalog released it', async () => {
    const id = await createShopProduct(url, 'Checked-out Chrysanthemums', 10, 1500);
    await ask(url, PRODUCT, { id });
    expect((await cachedAnswer(url, PRODUCT, { id })).cache).toBe('HIT');
    const customer = await newShopCustomer(url);
    const { orderId } = await checkoutCart(url, customer, [[id, 4]]);
    expect((await ask(url, PRODUCT, { id })).data?.product.stock).toBe(6);
    expect((await cachedAnswer(url, PRODUCT, { id })).cache).toBe('HIT');
    await cancelOrder(url, orderId, customer.headers);
    // Staff read past the cache: first the catalog gives the stock back, then its announcement reaches the routers.
    const staff = await asStaff();
    expect(
      (
        await eventually(
          () => ask(url, PRODUCT, { id }, staff),
          (answer) => answer.data?.product.stock === 10,
        )
      ).data?.product.stock,
    ).toBe(10);
    const released = await eventually(
      () => ask(url, PRODUCT, { id }),
      (answer) => answer.data?.product.stock === 10,
      5_000,
    );
    expect(released.data?.product.stock).toBe(10);
  });

  it("shares an answer naming reviews' authors (a display name is public), while a profile's own details stay per account", async () => {
    const id = await createShopProduct(url, 'Authored Amaryllis');
    const ana = await asCustomer();
    await ask(url, '{ me { displayName } }', {}, ana); // the profile exists
    const { submitReview } = await expectData(
      url,
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      { input: { productId: id, rating: 5, title: 'Signed', body: 'With my name on it.' } },
      ana,
    );
    await expectData(url, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id }, await asStaff());
    const AUTHORS = 'query($id: ID!) { product(id: $id) { reviews(first: 5) { edges { node { title author { displayName } } } } } }';
    const first = await ask(url, AUTHORS, { id });
    expect(first.data?.product.reviews.edges).toHaveLength(1);
    expect(await cachedAnswer(url, AUTHORS, { id })).toMatchObject({ cache: 'HIT', data: first.data });
    // Anyone else anonymous gets the same shared answer; a profile's email is per account.
    expect((await ask(url, AUTHORS, { id })).cache).toBe('HIT');
    const email = await ask(url, '{ me { email } }', {}, ana);
    expect(email.status).toBe(200);
    const bea = await asCustomer();
    expect((await ask(url, '{ me { id } }', {}, bea)).data?.me.id).not.toBe(email.data?.me.id);
  });

  it('shows a review in the rating as soon as staff approve it', async () => {
    const id = await createShopProduct(url, 'Reviewed Roses');
    const ana = await asCustomer();
    const { submitReview } = await expectData(
      url,
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      { input: { productId: id, rating: 4, title: 'Pretty', body: 'Lasted a week.' } },
      ana,
    );
    await ask(url, PRODUCT, { id });
    expect(await cachedAnswer(url, PRODUCT, { id })).toMatchObject({ cache: 'HIT', data: { product: { rating: { count: 0 } } } });
    await expectData(url, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id }, await asStaff());
    expect((await ask(url, PRODUCT, { id })).data?.product.rating).toEqual({ average: 4, count: 1 });
  });

  it("drops a deleted account's cached profile once users anonymised it (the announcement bumps users)", async () => {
    const accountId = randomUUID();
    const customer = await asCustomer(accountId);
    const ME = '{ me { id displayName } }';
    const before = await ask(url, ME, {}, customer); // `me` creates the profile on first use
    expect(before.data?.me.displayName).not.toBe('Deleted user');
    expect(await cachedAnswer(url, ME, {}, customer)).toMatchObject({ cache: 'HIT', data: before.data });

    // The account is deleted in auth; its token stays valid until it expires, and the users consumer anonymises.
    await publishEvent(newDomainEvent('auth.account.deleted', { accountId }));
    const after = await eventually(
      () => ask(url, ME, {}, customer),
      (answer) => answer.data?.me.displayName === 'Deleted user',
      10_000,
    );
    expect(after).toMatchObject({ cache: 'MISS', data: { me: { id: accountId, displayName: 'Deleted user' } } });
  });

  it('registers automatic persisted queries in Redis, so a hash works on every router', async () => {
    const query = `query PersistedProduct($id: ID!) { product(id: $id) { id name } } # ${randomUUID()}`;
    const sha256Hash = createHash('sha256').update(query).digest('hex');
    const id = await createShopProduct(url, 'Persisted Poppies');
    const post = (target: string, body: Record<string, unknown>) =>
      fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
        (response) => response.json() as Promise<any>,
      );
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    expect((await post(url, { variables: { id }, extensions })).errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(url, { query, variables: { id }, extensions })).data).toEqual({ product: { id, name: 'Persisted Poppies' } });
    expect((await post(url, { variables: { id }, extensions })).data).toEqual({ product: { id, name: 'Persisted Poppies' } });
    const other = await startRouter({
      ...testEnv,
      ...roomyRouterRateLimits,
      PORT: '0',
      AUTH_JWKS_URL: (await testKeys()).jwksUrl,
      ...subgraphOverrides(supergraph),
    });
    try {
      expect((await post(other.url, { variables: { id }, extensions })).data).toEqual({ product: { id, name: 'Persisted Poppies' } });
    } finally {
      await other.stop();
    }
  });

  it('plans the operations routers used before a new router reports ready, without calling any subgraph', async () => {
    const id = await createShopProduct(url, 'Warm Wallflowers');
    const query = `query WarmUp${randomUUID().slice(0, 8)}($id: ID!) { product(id: $id) { id name rating { count } } }`;
    await ask(url, query, { id });
    await new Promise((resolve) => setTimeout(resolve, 200)); // the record is written in the background
    const reviews = supergraph.subgraphs.get('reviews')!;
    const requestsTo = async (service: { metricsUrl: string }) => (await metricValue(service.metricsUrl, 'graphql_operations_total')) ?? 0;
    const before = await requestsTo(reviews);
    const other = await startRouter({ ...testEnv, PORT: '0', AUTH_JWKS_URL: (await testKeys()).jwksUrl, ...subgraphOverrides(supergraph) });
    try {
      const ready = await eventually(
        () => fetch(other.url.replace('/graphql', '/readyz')).then((response) => response.status),
        (status) => status === 200,
      );
      expect(ready).toBe(200);
      expect(await metricValue(other.metricsUrl, 'router_query_plans_warmed')).toBeGreaterThanOrEqual(1);
      expect(await requestsTo(reviews)).toBe(before);
    } finally {
      await other.stop();
    }
  });

  describe('with Redis unreachable', () => {
    let proxy: TcpProxy;
    let router: RunningService;
    beforeAll(async () => {
      proxy = await startTcpProxy(testEnv.REDIS_URL);
      router = await startRouter({
        ...testEnv,
        ...roomyRouterRateLimits,
        PORT: '0',
        REDIS_URL: proxy.url,
        AUTH_JWKS_URL: (await testKeys()).jwksUrl,
        ...subgraphOverrides(supergraph),
      });
    });
    afterAll(async () => {
      await router?.stop();
      await proxy?.down();
    });

    it('keeps answering without the cache, and caches again once Redis is back', async () => {
      const id = await createShopProduct(url, 'Resilient Roses');
      await ask(router.url, PRODUCT, { id });
      expect((await cachedAnswer(router.url, PRODUCT, { id })).cache).toBe('HIT');
      await proxy.down();
      for (let i = 0; i < 3; i += 1) {
        const answer = await ask(router.url, PRODUCT, { id });
        expect(answer).toMatchObject({ status: 200, cache: 'BYPASS', data: { product: { id, name: 'Resilient Roses' } } });
      }
      // A change made while Redis was away must not be hidden by an answer cached before it.
      await expectData(
        router.url,
        'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }',
        { id, input: { name: 'Resilient Red Roses' } },
        await asStaff(),
      );
      await proxy.up();
      const back = await eventually(
        () => ask(router.url, PRODUCT, { id }),
        (answer) => answer.cache === 'HIT',
      );
      expect(back).toMatchObject({ cache: 'HIT', data: { product: { name: 'Resilient Red Roses' } } });
    });
  });
});

function subgraphOverrides(supergraph: RunningSupergraph): Record<string, string> {
  return Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
}
