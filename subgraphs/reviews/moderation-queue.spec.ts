import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { stubCatalog } from '../../test/support/catalog-stub';
import type { ScriptedSubgraph } from '../../test/support/scripted-subgraph';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import type { ReviewsProviders } from './context';
import { reviewCursor } from './store/review-cursor';
import { reviewsSubgraph } from './subgraph';

const SUBMIT = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id createdAt } }`;
const QUEUE = `query($first: Int, $after: String) {
  pendingReviews(first: $first, after: $after) { totalCount edges { cursor node { id status product { id } } } pageInfo { hasNextPage endCursor } }
}`;
const APPROVE = `mutation($id: ID!) { approveReview(id: $id) { id status } }`;
const REJECT = `mutation($id: ID!) { rejectReview(id: $id, reason: "Off topic") { id status } }`;
const RATING = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { rating { count } } } }`;

interface QueuePage {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string; status: string; product: { id: string } } }>;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('moderation queue (pendingReviews)', () => {
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

  const submit = async (productId: string) =>
    (await expectData(reviews.url, SUBMIT, { input: { productId, rating: 4, title: 'Nice', body: 'Fresh and fragrant.' } }, await asCustomer()))
      .submitReview as { id: string; createdAt: string };
  const queue = async (variables: { first?: number; after?: string | null }) =>
    (await expectData<{ pendingReviews: QueuePage }>(reviews.url, QUEUE, variables, staff)).pendingReviews;
  /** A cursor just before everything submitted from `since` on: the queue of reviews older than this test is skipped. */
  const cursorBefore = (since: Date) => reviewCursor({ createdAt: new Date(since.getTime() - 1), id: new ObjectId('0'.repeat(24)).toHexString() });

  /** Every queued review of `productId` from `after` on, walking the pages. */
  async function queuedOf(productId: string, after: string, first = 2): Promise<string[]> {
    const ids: string[] = [];
    for (let cursor: string | null = after; cursor;) {
      const page = await queue({ first, after: cursor });
      ids.push(...page.edges.filter((edge) => edge.node.product.id === productId).map((edge) => edge.node.id));
      cursor = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    }
    return ids;
  }

  it('lists pending reviews oldest first with cursors and a count; a moderated review leaves the queue', async () => {
    const productId = unique('queue');
    const start = cursorBefore(new Date());
    const submitted = [];
    for (let index = 0; index < 4; index += 1) submitted.push(await submit(productId));
    expect(await queuedOf(productId, start)).toEqual(submitted.map((review) => review.id));

    const before = await queue({ first: 1 });
    expect(before.totalCount).toBeGreaterThanOrEqual(4);
    expect(before.edges[0].node.status).toBe('PENDING');
    await expectData(reviews.url, APPROVE, { id: submitted[1].id }, staff);
    await expectData(reviews.url, REJECT, { id: submitted[2].id }, staff);
    expect(await queuedOf(productId, start)).toEqual([submitted[0].id, submitted[3].id]);
  });

  it('resumes after the cursor even when the reviews before it were moderated meanwhile', async () => {
    const productId = unique('queue');
    const start = cursorBefore(new Date());
    const submitted = [];
    for (let index = 0; index < 3; index += 1) submitted.push(await submit(productId));
    // Walk to the page ending with the first review of ours, then moderate it and everything before.
    let cursor = start;
    for (;;) {
      const page = await queue({ first: 1, after: cursor });
      cursor = page.pageInfo.endCursor!;
      if (page.edges[0].node.id === submitted[0].id) break;
    }
    await expectData(reviews.url, APPROVE, { id: submitted[0].id }, staff);
    expect(await queuedOf(productId, cursor)).toEqual([submitted[1].id, submitted[2].id]);
  });

  // REJECT is allowed from APPROVED too (a moderator may withdraw an approval), so a reject that reads the review
  // after an approval committed wins as well: at most one of each kind wins, and the review ends as the last winner left it.
  it('lets concurrent moderators of one review each kind of change once: the others get a typed refusal', async () => {
    const productId = unique('queue');
    const { id } = await submit(productId);
    const attempts = await Promise.all([
      ...Array.from({ length: 3 }, () => graphql(reviews.url, APPROVE, { id }, staff)),
      ...Array.from({ length: 3 }, () => graphql(reviews.url, REJECT, { id }, staff)),
    ]);
    const approvals = attempts.slice(0, 3).filter((attempt) => !attempt.errors);
    const rejections = attempts.slice(3).filter((attempt) => !attempt.errors);
    expect(approvals.length).toBeLessThanOrEqual(1);
    expect(rejections.length).toBeLessThanOrEqual(1);
    expect(approvals.length + rejections.length).toBeGreaterThanOrEqual(1);
    for (const loser of attempts.filter((attempt) => attempt.errors)) {
      expect(['INVALID_TRANSITION', 'CONFLICT']).toContain(loser.errors![0].extensions?.code);
    }
    const status = rejections.length === 1 ? 'REJECTED' : 'APPROVED';
    const { _entities } = await expectData(reviews.url, RATING, { representations: [{ __typename: 'Product', id: productId }] });
    expect(_entities).toEqual([{ rating: { count: status === 'APPROVED' ? 1 : 0 } }]);
    expect(await queuedOf(productId, cursorBefore(new Date(Date.now() - 60_000)), 100)).toEqual([]);
  });

  it('is for staff only, and refuses a cursor it did not make', async () => {
    const customer = await graphql(reviews.url, QUEUE, {}, await asCustomer());
    expect(customer.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const anonymous = await graphql(reviews.url, QUEUE, {});
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await graphql(reviews.url, QUEUE, { after: 'not-a-cursor' }, staff);
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });
});
