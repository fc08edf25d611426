import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asCustomer, asStaff } from '../support/tokens';
import { metricSamples } from '../support/metrics';

/**
 * Issue 4: the store round trips of a page of products with ratings, reviews and wishlist flags must not grow
 * with the page size. Each subgraph counts the commands and queries it sends to MongoDB, PostgreSQL and Redis
 * in `store_round_trips_total{store, origin}` on its /metrics (runtime/stores/round-trips.ts); they are started
 * with STORE_ROUND_TRIP_ORIGINS=on and only origin="graphql" is compared, so outbox relays and consumers polling
 * meanwhile do not blur the count.
 */

const PRODUCTS = 105;
const CREATE_PRODUCT = 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }';
const SUBMIT_REVIEW = 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }';
const APPROVE_REVIEW = 'mutation($id: ID!) { approveReview(id: $id) { id status } }';
const ADD_TO_WISHLIST = 'mutation($productId: ID!) { addToWishlist(productId: $productId) { id } }';
const PAGE = `query($first: Int!, $search: String) {
  products(first: $first, search: $search) {
    edges { node {
      id name price { amount currency }
      rating { average count }
      reviews(first: 3) { edges { node { id rating title author { id } verifiedPurchase } } pageInfo { hasNextPage } }
      wishlisted
    } }
  }
}`;

type Counts = Map<string, number>; // "service/store" → round trips of GraphQL work

/** Reads every subgraph's /metrics: the GraphQL-work round trips per service and store. */
async function roundTrips(supergraph: RunningSupergraph): Promise<Counts> {
  const counts: Counts = new Map();
  for (const [name, service] of supergraph.subgraphs) {
    for (const { labels, value } of await metricSamples(service.metricsUrl, 'store_round_trips_total')) {
      if (labels.origin === 'graphql') counts.set(`${name}/${labels.store}`, value);
    }
  }
  return counts;
}

const difference = (after: Counts, before: Counts) =>
  Object.fromEntries(
    [...after]
      .map(([key, value]) => [key, value - (before.get(key) ?? 0)] as const)
      .filter(([, value]) => value > 0)
      .sort(),
  );

describe('batching: store round trips do not grow with the page size (through the router, real providers)', () => {
  let supergraph: RunningSupergraph;
  let customer: Record<string, string>;
  const token = `batch${randomUUID().replace(/-/g, '').slice(0, 10)}`;
  const wished = new Set<string>();
  const reviewed = new Set<string>();

  beforeAll(async () => {
    // Round trips are what is measured: answers must come from the subgraphs, not the response cache.
    supergraph = await startSupergraph({ ROUTER_RESPONSE_CACHE: 'off' }, () => ({ STORE_ROUND_TRIP_ORIGINS: 'on' }));
    const url = supergraph.routerUrl;
    const staff = await asStaff();
    customer = await asCustomer();
    const productIds: string[] = [];
    for (let start = 0; start < PRODUCTS; start += 15) {
      const batch = Array.from({ length: Math.min(15, PRODUCTS - start) }, (_, offset) => start + offset);
      const created = await Promise.all(
        batch.map((n) => expectData(url, CREATE_PRODUCT, { input: { name: `${token} bouquet ${n}`, priceMinor: 1000 + n, stock: 5 } }, staff)),
      );
      productIds.push(...created.map((result) => result.createProduct.id as string));
    }
    // Approved reviews by four customers (2 to 5 stars) on every third product, so a page of 100 has more than the
    // 101 reviews and rating rows a store cursor's first batch holds by default; a wishlist item on every seventh.
    const reviewers = [await asCustomer(), await asCustomer(), await asCustomer(), customer];
    for (const [index, productId] of productIds.entries()) {
      if (index % 3 === 0) {
        for (const [n, reviewer] of reviewers.entries()) {
          const { submitReview } = await expectData(
            url,
            SUBMIT_REVIEW,
            { input: { productId, rating: 2 + n, title: `Lovely ${n}`, body: 'Fresh and on time.' } },
            reviewer,
          );
          await expectData(url, APPROVE_REVIEW, { id: submitReview.id }, staff);
        }
        reviewed.add(productId);
      }
      if (index % 7 === 0) {
        await expectData(url, ADD_TO_WISHLIST, { productId }, customer);
        wished.add(productId);
      }
    }
  }, 300_000);
  afterAll(() => supergraph?.stop());

  const page = async (first: number, query = PAGE) => {
    const { products } = await expectData(supergraph.routerUrl, query, { first, search: token }, customer);
    return products.edges.map((edge: { node: any }) => edge.node);
  };

  const measureOnce = async (first: number, query: string) => {
    const before = await roundTrips(supergraph);
    const nodes = await page(first, query);
    return { nodes, trips: difference(await roundTrips(supergraph), before) };
  };
  // The fewest round trips per store over five pages: a service's background work (a sweep, a read model's
  // reload, an event of another test file's order handled by this process's consumer) that falls inside one window
  // only ever adds to it, and is not what the page costs.
  const measure = async (first: number, query = PAGE) => {
    const runs: Array<Awaited<ReturnType<typeof measureOnce>>> = [];
    for (let run = 0; run < 5; run += 1) runs.push(await measureOnce(first, query));
    const providers = new Set(runs.flatMap((run) => Object.keys(run.trips)));
    const fewest = [...providers].map((store) => [store, Math.min(...runs.map((run) => run.trips[store] ?? 0))] as const);
    const trips: Record<string, number> = Object.fromEntries(fewest.filter(([, count]) => count > 0));
    return { nodes: runs[0].nodes, trips };
  };

  it('makes as many round trips to each store for 100 products as for 10', async () => {
    // Warm up: JWKS, query plans and connection pools are not what is measured.
    await page(10);
    await page(100);

    const ten = await measure(10);
    const hundred = await measure(100);
    console.info(`store round trips per page: 10 products ${JSON.stringify(ten.trips)}; 100 products ${JSON.stringify(hundred.trips)}`);

    // The pages hold what the test set up, so every relation was really resolved.
    expect(ten.nodes).toHaveLength(10);
    expect(hundred.nodes).toHaveLength(100);
    const withReviews = hundred.nodes.filter((node: any) => reviewed.has(node.id));
    expect(withReviews.length).toBeGreaterThan(20);
    for (const node of withReviews) {
      expect(node.rating.count).toBe(4);
      expect(node.rating.average).toBeCloseTo(3.5);
      expect(node.reviews.edges).toHaveLength(3);
    }
    for (const node of hundred.nodes) expect(node.wishlisted, node.name).toBe(wished.has(node.id));
    expect(hundred.nodes.filter((node: any) => node.wishlisted).length).toBeGreaterThan(10);

    // Each store the query touches was counted, and the count is the same for both page sizes.
    for (const key of ['reviews/mongodb', 'wishlist/mongodb']) expect(ten.trips[key], key).toBeGreaterThan(0);
    // The catalog answers pages from its read model (subgraphs/catalog/read-model/): no store round trip at all.
    expect(ten.trips['catalog/mongodb']).toBeUndefined();
    expect(hundred.trips).toEqual(ten.trips);
  });

  it('makes as many round trips for 100 products as for 10 without Product.reviews (ratings, wishlist flags)', async () => {
    const withoutReviews = PAGE.replace(/reviews\(first: 3\) \{.*\}\n/, '\n');
    expect(withoutReviews).not.toContain('reviews(');
    await page(10, withoutReviews);
    const ten = await measure(10, withoutReviews);
    const hundred = await measure(100, withoutReviews);
    console.info(`without Product.reviews: 10 products ${JSON.stringify(ten.trips)}; 100 products ${JSON.stringify(hundred.trips)}`);
    expect(hundred.nodes).toHaveLength(100);
    // Ratings come from the reviews subgraph's memory (subgraphs/reviews/read-model/), wishlist flags from its store.
    expect(ten.trips['reviews/mongodb']).toBeUndefined();
    expect(ten.trips['wishlist/mongodb']).toBeGreaterThan(0);
    expect(hundred.trips).toEqual(ten.trips);
  });
});
