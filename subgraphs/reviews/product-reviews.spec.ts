import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { stubCatalog } from '../../test/support/catalog-stub';
import type { ScriptedSubgraph } from '../../test/support/scripted-subgraph';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import type { ReviewsProviders } from './context';
import { reviewsSubgraph } from './subgraph';

const SUBMIT = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }`;
const PAGE = `query($representations: [_Any!]!, $first: Int, $after: String) {
  _entities(representations: $representations) {
    ... on Product { id reviews(first: $first, after: $after) { edges { cursor node { title } } pageInfo { hasNextPage endCursor } } }
  }
}`;

describe('Product.reviews: a cursor connection of approved reviews, newest first', () => {
  let reviews: StartedSubgraph<ReviewsProviders>;
  let catalog: ScriptedSubgraph;
  let staff: Record<string, string>;
  beforeAll(async () => {
    catalog = await stubCatalog();
    reviews = await startTestSubgraph(reviewsSubgraph, { CATALOG_URL: catalog.url });
    staff = await asStaff();
  });
  afterAll(async () => {
    await reviews?.stop();
    await catalog?.stop();
  });

  /** Approved reviews titled `0`…`count-1` (the last one newest), and a pending one that must never show. */
  const reviewed = async (count: number) => {
    const productId = unique('p');
    for (let index = 0; index < count; index++) {
      const { submitReview } = await expectData(
        reviews.url,
        SUBMIT,
        { input: { productId, rating: 4, title: String(index), body: 'Fresh.' } },
        await asCustomer(),
      );
      await expectData(reviews.url, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id }, staff);
    }
    await expectData(reviews.url, SUBMIT, { input: { productId, rating: 1, title: 'pending', body: 'Hidden.' } }, await asCustomer());
    return productId;
  };
  const page = async (productIds: string[], first: number, after?: string) =>
    (await expectData(reviews.url, PAGE, { representations: productIds.map((id) => ({ __typename: 'Product', id })), first, after }))._entities;
  const titles = (connection: { edges: Array<{ node: { title: string } }> }) => connection.edges.map((edge) => edge.node.title);

  it('walks every approved review once, newest first, page after page', async () => {
    const productId = await reviewed(5);
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const [{ reviews: connection }] = await page([productId], 2, after);
      seen.push(...titles(connection));
      expect(connection.pageInfo.endCursor).toBe(connection.edges.at(-1)?.cursor ?? null);
      if (!connection.pageInfo.hasNextPage) break;
      after = connection.pageInfo.endCursor;
    }
    expect(seen).toEqual(['4', '3', '2', '1', '0']);
  });

  it('batches a page of products into one loader call, each with its own page', async () => {
    const [a, b, none] = [await reviewed(3), await reviewed(1), unique('p')];
    const approvedPages = vi.spyOn(reviews.providers.reviews, 'approvedPages');
    const products = await page([a, b, none], 2);
    expect(approvedPages).toHaveBeenCalledTimes(1);
    approvedPages.mockRestore();
    expect(products.map((product: { reviews: never }) => titles(product.reviews))).toEqual([['2', '1'], ['0'], []]);
    expect(products.map((product: { reviews: { pageInfo: unknown } }) => product.reviews.pageInfo)).toEqual([
      { hasNextPage: true, endCursor: expect.any(String) },
      { hasNextPage: false, endCursor: expect.any(String) },
      { hasNextPage: false, endCursor: null },
    ]);
  });

  it("counts a product's approved reviews over all pages, as its rating does, only when asked", async () => {
    const productId = await reviewed(3);
    const COUNTED = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Product { rating { count } reviews(first: 1) { totalCount edges { node { title } } } } }
    }`;
    const [product] = (await expectData(reviews.url, COUNTED, { representations: [{ __typename: 'Product', id: productId }] }))._entities;
    expect(product).toEqual({ rating: { count: 3 }, reviews: { totalCount: 3, edges: [{ node: { title: '2' } }] } });
  });

  it('refuses a forged cursor with BAD_USER_INPUT on `after`', async () => {
    const productId = await reviewed(2);
    const [{ reviews: connection }] = await page([productId], 1);
    const forged = connection.pageInfo.endCursor.replace(/^./, (char: string) => (char === 'e' ? 'f' : 'e'));
    const response = await graphql(reviews.url, PAGE, { representations: [{ __typename: 'Product', id: productId }], first: 1, after: forged });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
