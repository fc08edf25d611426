import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import type { ReviewsStores } from './context';
import { reviewsSubgraph } from './subgraph';

const SUBMIT = `mutation($input: SubmitReviewInput!) {
  submitReview(input: $input) { id product { id } author { id } rating title body status createdAt }
}`;
const MODERATE = `mutation($id: ID!, $status: ReviewStatus!) { moderateReview(id: $id, status: $status) { id status } }`;
const GET = `query($id: ID!) { review(id: $id) { id status author { id } } }`;
const MINE = `query($first: Int) { myReviews(first: $first) { id status } }`;
const PRODUCTS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Product { id rating { average count } reviews { rating title author { id } } }
  }
}`;
const REVIEWS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Review { id rating title } } }`;

const review = (productId: string, rating: number, overrides: Record<string, unknown> = {}) => ({
  productId,
  rating,
  title: 'Lovely flowers',
  body: 'They arrived fresh and lasted two weeks.',
  ...overrides,
});

const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  [...new Set((response.errors ?? []).map((error) => error.extensions?.code))];

/** A signed-in customer: their account id and their token's headers. */
const customer = async () => {
  const id = randomUUID();
  return { id, headers: await asCustomer(id) };
};

describe('reviews subgraph (MongoDB wire)', () => {
  let reviews: StartedSubgraph<ReviewsStores>;
  let staff: Record<string, string>;
  const mongo = new MongoClient(testEnv.MONGODB_URL);
  const storedFor = (productId: string) => mongo.db().collection('reviews').countDocuments({ productId });

  beforeAll(async () => {
    reviews = await startTestSubgraph(reviewsSubgraph);
    staff = await asStaff();
    await mongo.connect();
  });
  afterAll(async () => {
    await reviews?.stop();
    await mongo.close();
  });

  /** Submits as the given customer, or as a new one: one author may review a product once. */
  const submit = async (input: ReturnType<typeof review>, headers?: Record<string, string>) =>
    (await expectData(reviews.url, SUBMIT, { input }, headers ?? (await asCustomer()))).submitReview;
  const approve = (id: string) => expectData(reviews.url, MODERATE, { id, status: 'APPROVED' }, staff);
  const products = async (...productIds: string[]) =>
    (await expectData(reviews.url, PRODUCTS, { representations: productIds.map((id) => ({ __typename: 'Product', id })) }))._entities;

  it('keeps a submitted review pending and out of the rating until approved', async () => {
    const productId = unique('p');
    const ana = await customer();
    const submitted = await submit(review(productId, 5, { title: '  Gorgeous  ' }), ana.headers);
    expect(submitted).toMatchObject({ product: { id: productId }, author: { id: ana.id }, rating: 5, title: 'Gorgeous', status: 'PENDING' });
    const { review: read } = await expectData(reviews.url, GET, { id: submitted.id }, ana.headers);
    expect(read).toEqual({ id: submitted.id, status: 'PENDING', author: { id: ana.id } });
    expect(await products(productId)).toEqual([{ id: productId, rating: { average: null, count: 0 }, reviews: [] }]);
  });

  it('counts approved reviews in the average and lists them newest first', async () => {
    const productId = unique('p');
    const five = await submit(review(productId, 5, { title: 'First' }));
    const four = await submit(review(productId, 4, { title: 'Second' }));
    const rejected = await submit(review(productId, 1, { title: 'Third' }));
    await approve(five.id);
    await approve(four.id);
    await expectData(reviews.url, MODERATE, { id: rejected.id, status: 'REJECTED' }, staff);
    const [product] = await products(productId);
    expect(product.rating).toEqual({ average: 4.5, count: 2 });
    expect(product.reviews.map((entry: { title: string }) => entry.title)).toEqual(['Second', 'First']);
    const { _entities } = await expectData(
      reviews.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { reviews(first: 1) { title } } } }`,
      { representations: [{ __typename: 'Product', id: productId }] },
    );
    expect(_entities).toEqual([{ reviews: [{ title: 'Second' }] }]);
  });

  it('refuses a second review of the same product by the same author with CONFLICT', async () => {
    const ana = await customer();
    const input = review(unique('p'), 3);
    await submit(input, ana.headers);
    const second = await graphql(reviews.url, SUBMIT, { input: { ...input, rating: 5, title: 'Changed my mind' } }, ana.headers);
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });
    expect(await storedFor(input.productId)).toBe(1);
    await submit(input); // another author may review it
    expect(await storedFor(input.productId)).toBe(2);
  });

  it('refuses invalid input with BAD_USER_INPUT naming the field, and stores nothing', async () => {
    const productId = unique('p');
    const ana = await customer();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ rating: 0 }, 'rating'],
      [{ rating: 6 }, 'rating'],
      [{ title: '   ' }, 'title'],
      [{ title: 't'.repeat(121) }, 'title'],
      [{ body: '' }, 'body'],
      [{ body: 'b'.repeat(5_001) }, 'body'],
      [{ productId: '' }, 'productId'],
    ];
    for (const [overrides, field] of cases) {
      const response = await graphql(reviews.url, SUBMIT, { input: review(productId, 4, overrides) }, ana.headers);
      expect(response.errors?.[0].extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await storedFor(productId)).toBe(0);
  });

  it('resolves Product references with their rating and reviews, in order, for products with and without reviews', async () => {
    const [rated, unrated, other] = [unique('p'), unique('p'), unique('p')];
    await approve((await submit(review(rated, 2))).id);
    await approve((await submit(review(other, 5))).id);
    await approve((await submit(review(other, 4))).id);
    await approve((await submit(review(other, 4))).id);
    const ratingsFor = vi.spyOn(reviews.stores.reviews, 'ratingsFor');
    const entities = await products(other, unrated, rated);
    expect(ratingsFor).toHaveBeenCalledTimes(1); // one aggregation for all three products
    ratingsFor.mockRestore();
    expect(entities.map((product: { id: string; rating: unknown }) => [product.id, product.rating])).toEqual([
      [other, { average: 13 / 3, count: 3 }],
      [unrated, { average: null, count: 0 }],
      [rated, { average: 2, count: 1 }],
    ]);
    expect(entities.map((product: { reviews: unknown[] }) => product.reviews.length)).toEqual([3, 0, 1]);
  });

  it('moderates only pending reviews, and never back to PENDING', async () => {
    const submitted = await submit(review(unique('p'), 4));
    const toPending = await graphql(reviews.url, MODERATE, { id: submitted.id, status: 'PENDING' }, staff);
    expect(toPending.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect((await approve(submitted.id)).moderateReview.status).toBe('APPROVED');
    const again = await graphql(reviews.url, MODERATE, { id: submitted.id, status: 'REJECTED' }, staff);
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status', currentStatus: 'APPROVED' });
    const { review: read } = await expectData(reviews.url, `query($id: ID!) { review(id: $id) { status } }`, { id: submitted.id });
    expect(read.status).toBe('APPROVED');
    const missing = await graphql(reviews.url, MODERATE, { id: '0123456789abcdef01234567', status: 'APPROVED' }, staff);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('resolves Review references in order, with null for unknown ids', async () => {
    const a = await submit(review(unique('p'), 3));
    const b = await submit(review(unique('p'), 5));
    const { _entities } = await expectData(
      reviews.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Review { id rating } } }`,
      {
        representations: [
          { __typename: 'Review', id: b.id },
          { __typename: 'Review', id: 'not-an-id' },
          { __typename: 'Review', id: a.id },
        ],
      },
      staff,
    );
    expect(_entities).toEqual([{ id: b.id, rating: 5 }, null, { id: a.id, rating: 3 }]);
  });

  describe('access', () => {
    it('takes the author from the token: anonymous callers cannot submit, nor can an input name an author', async () => {
      const productId = unique('p');
      const anonymous = await graphql(reviews.url, SUBMIT, { input: review(productId, 5) });
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
      const spoofed = await graphql(reviews.url, SUBMIT, { input: { ...review(productId, 5), authorId: randomUUID() } }, await asCustomer());
      expect(spoofed.errors?.[0].message).toMatch(/authorId/);
      expect(await storedFor(productId)).toBe(0);
    });

    it('lets only staff moderate, and a refused moderation changes nothing', async () => {
      const ana = await customer();
      const submitted = await submit(review(unique('p'), 5), ana.headers);
      expect(codesOf(await graphql(reviews.url, MODERATE, { id: submitted.id, status: 'APPROVED' }))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await graphql(reviews.url, MODERATE, { id: submitted.id, status: 'APPROVED' }, ana.headers))).toEqual(['FORBIDDEN']);
      expect((await expectData(reviews.url, GET, { id: submitted.id }, ana.headers)).review.status).toBe('PENDING');
      const admin = await expectData(reviews.url, MODERATE, { id: submitted.id, status: 'REJECTED' }, await asAdmin());
      expect(admin.moderateReview.status).toBe('REJECTED');
    });

    it('shows a pending or rejected review to its author and staff only, an approved one to anyone', async () => {
      const ana = await customer();
      const submitted = await submit(review(unique('p'), 2), ana.headers);
      const anonymous = await graphql(reviews.url, GET, { id: submitted.id });
      expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(anonymous.data?.review).toBeNull();
      const stranger = await graphql(reviews.url, GET, { id: submitted.id }, await asCustomer());
      expect(stranger.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(stranger.data?.review).toBeNull();
      expect((await expectData(reviews.url, GET, { id: submitted.id }, staff)).review.status).toBe('PENDING');
      await approve(submitted.id);
      expect((await expectData(reviews.url, GET, { id: submitted.id })).review).toEqual({ id: submitted.id, status: 'APPROVED', author: { id: ana.id } });
      expect((await graphql(reviews.url, GET, { id: '0123456789abcdef01234567' })).data?.review).toBeNull();
    });

    it("lists the caller's own reviews of every status in myReviews, and refuses anonymous callers", async () => {
      const ana = await customer();
      const pending = await submit(review(unique('p'), 3), ana.headers);
      const approved = await submit(review(unique('p'), 4), ana.headers);
      await approve(approved.id);
      await submit(review(unique('p'), 5)); // someone else's
      const { myReviews } = await expectData(reviews.url, MINE, {}, ana.headers);
      expect(myReviews).toEqual([
        { id: approved.id, status: 'APPROVED' },
        { id: pending.id, status: 'PENDING' },
      ]);
      expect(codesOf(await graphql(reviews.url, MINE))).toEqual(['UNAUTHENTICATED']);
    });

    it('gives no field of an unapproved review to others through _entities, while approved ones stay public', async () => {
      const pending = await submit(review(unique('p'), 1, { title: 'Secret grumble' }));
      const approved = await submit(review(unique('p'), 5, { title: 'Public praise' }));
      await approve(approved.id);
      const representations = [
        { __typename: 'Review', id: pending.id },
        { __typename: 'Review', id: approved.id },
      ];
      const stranger = await graphql(reviews.url, REVIEWS, { representations }, await asCustomer());
      expect(stranger.data?._entities).toEqual([null, { id: approved.id, rating: 5, title: 'Public praise' }]);
      expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(stranger)).not.toContain('Secret grumble');
      const anonymous = await graphql(reviews.url, REVIEWS, { representations });
      expect(anonymous.data?._entities).toEqual([null, { id: approved.id, rating: 5, title: 'Public praise' }]);
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
    });
  });
});
