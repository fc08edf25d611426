import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { stubCatalog } from '../../test/support/catalog-stub';
import type { ScriptedSubgraph } from '../../test/support/scripted-subgraph';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import type { ReviewsProviders } from './context';
import { reviewsSubgraph } from './subgraph';

const SUBMIT = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }`;
const MINE = `query($first: Int, $after: String) {
  myReviewsConnection(first: $first, after: $after) { totalCount edges { cursor node { id status } } pageInfo { hasNextPage endCursor } }
}`;

describe('myReviewsConnection', () => {
  let reviews: StartedSubgraph<ReviewsProviders>;
  let catalog: ScriptedSubgraph;

  beforeAll(async () => {
    catalog = await stubCatalog();
    reviews = await startTestSubgraph(reviewsSubgraph, { CATALOG_URL: catalog.url });
  });
  afterAll(async () => {
    await reviews?.stop();
    await catalog?.stop();
  });

  it("pages through the caller's own reviews of every status, newest first, like the deprecated list", async () => {
    const ana = await asCustomer();
    const ids: string[] = [];
    for (let index = 0; index < 3; index += 1) {
      const input = { productId: unique('mine'), rating: 4, title: 'Nice', body: 'Fresh and fragrant.' };
      ids.unshift((await expectData(reviews.url, SUBMIT, { input }, ana)).submitReview.id as string);
    }
    await expectData(reviews.url, `mutation($id: ID!) { approveReview(id: $id) { id } }`, { id: ids[1] }, await asStaff());
    await expectData(reviews.url, SUBMIT, { input: { productId: unique('other'), rating: 2, title: 'Meh', body: 'Not for me.' } }, await asCustomer());

    const first = (await expectData(reviews.url, MINE, { first: 2 }, ana)).myReviewsConnection;
    expect(first.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual(ids.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    expect(first.totalCount).toBe(3);
    const rest = (await expectData(reviews.url, MINE, { first: 2, after: first.pageInfo.endCursor }, ana)).myReviewsConnection;
    expect(rest).toMatchObject({ totalCount: 3, edges: [{ node: { id: ids[2], status: 'PENDING' } }], pageInfo: { hasNextPage: false } });
    const list = (await expectData(reviews.url, `query { myReviews(first: 10) { id } }`, {}, ana)).myReviews;
    expect(list.map((review: { id: string }) => review.id)).toEqual(ids);
  });

  it('refuses anonymous callers and a cursor it did not make', async () => {
    expect((await graphql(reviews.url, MINE, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await graphql(reviews.url, MINE, { after: 'forged' }, await asCustomer());
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
