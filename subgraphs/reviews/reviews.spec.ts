import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { stubCatalog, UNKNOWN_PRODUCT_PREFIX } from '../../test/support/catalog-stub';
import type { ScriptedSubgraph } from '../../test/support/scripted-subgraph';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import type { ReviewsProviders } from './context';
import { reviewsSubgraph } from './subgraph';
import { testMongoClient } from '../../test/support/mongo-client';

const SUBMIT = `mutation($input: SubmitReviewInput!) {
  submitReview(input: $input) { id product { id } author { id } rating title body status createdAt }
}`;
const APPROVE = `mutation($id: ID!) { approveReview(id: $id) { id status rejectionReason } }`;
const REJECT = `mutation($id: ID!, $reason: String!) { rejectReview(id: $id, reason: $reason) { id status rejectionReason } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateReviewInput!) { updateReview(id: $id, input: $input) { id status rating title body rejectionReason } }`;
const DELETE = `mutation($id: ID!) { deleteReview(id: $id) }`;
const GET = `query($id: ID!) { review(id: $id) { id status author { id } } }`;
const MINE = `query($first: Int) { myReviews(first: $first) { id status } }`;
const PRODUCTS = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Product { id rating { average count } reviews { edges { node { rating title author { id } } } } }
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

const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => [
  ...new Set((response.errors ?? []).map((error) => error.extensions?.code)),
];

/** A signed-in customer: their account id and their token's headers. */
const customer = async () => {
  const id = randomUUID();
  return { id, headers: await asCustomer(id) };
};

describe('reviews subgraph (MongoDB wire)', () => {
  let reviews: StartedSubgraph<ReviewsProviders>;
  let catalog: ScriptedSubgraph;
  let staff: Record<string, string>;
  const mongo = testMongoClient();
  const storedFor = (productId: string) => mongo.db().collection('reviews').countDocuments({ productId });

  beforeAll(async () => {
    catalog = await stubCatalog();
    reviews = await startTestSubgraph(reviewsSubgraph, { CATALOG_URL: catalog.url });
    staff = await asStaff();
    await mongo.connect();
  });
  afterAll(async () => {
    await reviews?.stop();
    await catalog?.stop();
    await mongo.close();
  });

  /** Submits as the given customer, or as a new one: one author may review a product once. */
  const submit = async (input: ReturnType<typeof review>, headers?: Record<string, string>) =>
    (await expectData(reviews.url, SUBMIT, { input }, headers ?? (await asCustomer()))).submitReview;
  const approve = (id: string) => expectData(reviews.url, APPROVE, { id }, staff);
  const reject = (id: string, reason = 'Not about the product') => expectData(reviews.url, REJECT, { id, reason }, staff);
  const ratingOf = async (productId: string) => (await products(productId))[0].rating;
  const titlesOf = (product: { reviews: { edges: Array<{ node: { title: string } }> } }) => product.reviews.edges.map((edge) => edge.node.title);
  const products = async (...productIds: string[]) =>
    (await expectData(reviews.url, PRODUCTS, { representations: productIds.map((id) => ({ __typename: 'Product', id })) }))._entities;

  it('keeps a submitted review pending and out of the rating until approved', async () => {
    const productId = unique('p');
    const ana = await customer();
    const submitted = await submit(review(productId, 5, { title: '  Gorgeous  ' }), ana.headers);
    expect(submitted).toMatchObject({ product: { id: productId }, author: { id: ana.id }, rating: 5, title: 'Gorgeous', status: 'PENDING' });
    const { review: read } = await expectData(reviews.url, GET, { id: submitted.id }, ana.headers);
    expect(read).toEqual({ id: submitted.id, status: 'PENDING', author: { id: ana.id } });
    expect(await products(productId)).toEqual([{ id: productId, rating: { average: null, count: 0 }, reviews: { edges: [] } }]);
  });

  it('counts approved reviews in the average and lists them newest first', async () => {
    const productId = unique('p');
    const five = await submit(review(productId, 5, { title: 'First' }));
    const four = await submit(review(productId, 4, { title: 'Second' }));
    const rejected = await submit(review(productId, 1, { title: 'Third' }));
    await approve(five.id);
    await approve(four.id);
    await reject(rejected.id);
    const [product] = await products(productId);
    expect(product.rating).toEqual({ average: 4.5, count: 2 });
    expect(titlesOf(product)).toEqual(['Second', 'First']);
    const { _entities } = await expectData(
      reviews.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { reviews(first: 1) { edges { node { title } } } } } }`,
      { representations: [{ __typename: 'Product', id: productId }] },
    );
    expect(_entities).toEqual([{ reviews: { edges: [{ node: { title: 'Second' } }] } }]);
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

  it('refuses invalid input with BAD_USER_INPUT naming the field, and providers nothing', async () => {
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

  it('refuses a review of a product the catalog does not have with NOT_FOUND, and providers nothing', async () => {
    const productId = unique(UNKNOWN_PRODUCT_PREFIX);
    const response = await graphql(reviews.url, SUBMIT, { input: review(productId, 5) }, await asCustomer());
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', id: productId });
    expect(response.data?.submitReview ?? null).toBeNull();
    expect(await storedFor(productId)).toBe(0);
    // The catalog was asked about that product, as the router would ask it.
    expect(catalog.calls.at(-1)?.body).toContain(productId);
  });

  it('refuses a review with SERVICE_UNAVAILABLE while the catalog does not answer, and providers nothing', async () => {
    const down = await startTestSubgraph(reviewsSubgraph, { CATALOG_URL: 'http://127.0.0.1:9/graphql' });
    try {
      const productId = unique('p');
      const response = await graphql(down.url, SUBMIT, { input: review(productId, 5) }, await asCustomer());
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'catalog' });
      expect(await storedFor(productId)).toBe(0);
    } finally {
      await down.stop();
    }
  });

  it('resolves Product references with their rating and reviews, in order, for products with and without reviews', async () => {
    const [rated, unrated, other] = [unique('p'), unique('p'), unique('p')];
    await approve((await submit(review(rated, 2))).id);
    await approve((await submit(review(other, 5))).id);
    await approve((await submit(review(other, 4))).id);
    await approve((await submit(review(other, 4))).id);
    const ratingsFor = vi.spyOn(reviews.providers.reviews, 'ratingsFor');
    const histogram = vi.spyOn(reviews.providers.reviews, 'approvedHistogram');
    const entities = await products(other, unrated, rated);
    // Ratings are answered from memory: no aggregation for a read (the outbox relay computes ratings too, never for `unrated`).
    expect(ratingsFor.mock.calls.filter(([productIds]) => productIds.includes(unrated))).toEqual([]);
    expect(histogram.mock.calls.filter(([productId]) => productId === unrated || productId === undefined)).toEqual([]);
    ratingsFor.mockRestore();
    histogram.mockRestore();
    expect(entities.map((product: { id: string; rating: unknown }) => [product.id, product.rating])).toEqual([
      [other, { average: 13 / 3, count: 3 }],
      [unrated, { average: null, count: 0 }],
      [rated, { average: 2, count: 1 }],
    ]);
    expect(entities.map((product: { reviews: { edges: unknown[] } }) => product.reviews.edges.length)).toEqual([3, 0, 1]);
  });

  it('approves and rejects pending reviews; other transitions are INVALID_TRANSITION and change nothing', async () => {
    const submitted = await submit(review(unique('p'), 4));
    expect((await approve(submitted.id)).approveReview).toMatchObject({ status: 'APPROVED', rejectionReason: null });
    const twice = await graphql(reviews.url, APPROVE, { id: submitted.id }, staff);
    expect(twice.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'APPROVED' });
    // Staff may take an approved review down; a rejected one cannot be approved or rejected again.
    expect((await reject(submitted.id, '  Mentions a competitor  ')).rejectReview).toMatchObject({
      status: 'REJECTED',
      rejectionReason: 'Mentions a competitor',
    });
    for (const [query, variables] of [
      [APPROVE, { id: submitted.id }],
      [REJECT, { id: submitted.id, reason: 'again' }],
    ] as const) {
      const refused = await graphql(reviews.url, query, variables, staff);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'INVALID_TRANSITION', currentStatus: 'REJECTED', id: submitted.id });
    }
    const { review: read } = await expectData(reviews.url, `query($id: ID!) { review(id: $id) { status rejectionReason } }`, { id: submitted.id }, staff);
    expect(read).toEqual({ status: 'REJECTED', rejectionReason: 'Mentions a competitor' });
    const missing = await graphql(reviews.url, APPROVE, { id: '0123456789abcdef01234567' }, staff);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('requires a rejection reason of 1 to 500 characters, and a refused rejection changes nothing', async () => {
    const submitted = await submit(review(unique('p'), 2));
    for (const reason of ['', '   ', 'r'.repeat(501)]) {
      const response = await graphql(reviews.url, REJECT, { id: submitted.id, reason }, staff);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    }
    expect((await reject(submitted.id, 'r'.repeat(500))).rejectReview.status).toBe('REJECTED');
  });

  it('shows the rejection reason to the author in myReviews, and clears it when they edit the review back to PENDING', async () => {
    const ana = await customer();
    const submitted = await submit(review(unique('p'), 1), ana.headers);
    await reject(submitted.id, 'Please describe the flowers');
    const mine = await expectData(reviews.url, `{ myReviews { id status rejectionReason } }`, {}, ana.headers);
    expect(mine.myReviews).toEqual([{ id: submitted.id, status: 'REJECTED', rejectionReason: 'Please describe the flowers' }]);
    const { updateReview } = await expectData(
      reviews.url,
      UPDATE,
      { id: submitted.id, input: { rating: 3, title: ' Better ', body: 'Red roses, fresh.' } },
      ana.headers,
    );
    expect(updateReview).toEqual({ id: submitted.id, status: 'PENDING', rating: 3, title: 'Better', body: 'Red roses, fresh.', rejectionReason: null });
  });

  it('keeps Product.rating right after approval, edit and deletion', async () => {
    const productId = unique('p');
    const [ana, bob] = [await customer(), await customer()];
    const anas = await submit(review(productId, 5), ana.headers);
    const bobs = await submit(review(productId, 2), bob.headers);
    expect(await ratingOf(productId)).toEqual({ average: null, count: 0 });
    await approve(anas.id);
    expect(await ratingOf(productId)).toEqual({ average: 5, count: 1 });
    await approve(bobs.id);
    expect(await ratingOf(productId)).toEqual({ average: 3.5, count: 2 });
    // An edit takes the review out of the rating until it is approved again, with its new stars.
    await expectData(reviews.url, UPDATE, { id: bobs.id, input: { rating: 4, title: 'Changed', body: 'Better than I said.' } }, bob.headers);
    expect(await ratingOf(productId)).toEqual({ average: 5, count: 1 });
    await approve(bobs.id);
    expect(await ratingOf(productId)).toEqual({ average: 4.5, count: 2 });
    expect(await expectData(reviews.url, DELETE, { id: anas.id }, ana.headers)).toEqual({ deleteReview: anas.id });
    expect(await ratingOf(productId)).toEqual({ average: 4, count: 1 });
    await reject(bobs.id, 'Taken down');
    expect(await ratingOf(productId)).toEqual({ average: null, count: 0 });
  });

  it('lets only the author edit or delete a review; invalid edits and refusals change nothing', async () => {
    const ana = await customer();
    const submitted = await submit(review(unique('p'), 4, { title: 'Original' }), ana.headers);
    const edit = { rating: 1, title: 'Hijacked', body: 'Not mine.' };
    const stranger = await graphql(reviews.url, UPDATE, { id: submitted.id, input: edit }, await asCustomer());
    expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(reviews.url, UPDATE, { id: submitted.id, input: edit }, staff))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(reviews.url, UPDATE, { id: submitted.id, input: edit }))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await graphql(reviews.url, DELETE, { id: submitted.id }, await asCustomer()))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(reviews.url, DELETE, { id: submitted.id }))).toEqual(['UNAUTHENTICATED']);
    const invalid = await graphql(reviews.url, UPDATE, { id: submitted.id, input: { ...edit, rating: 6 } }, ana.headers);
    expect(invalid.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rating' });
    expect((await expectData(reviews.url, `query($id: ID!) { review(id: $id) { title rating } }`, { id: submitted.id }, ana.headers)).review).toEqual({
      title: 'Original',
      rating: 4,
    });
    const unknown = await graphql(reviews.url, DELETE, { id: '0123456789abcdef01234567' }, ana.headers);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await expectData(reviews.url, DELETE, { id: submitted.id }, ana.headers);
    expect((await expectData(reviews.url, `query($id: ID!) { review(id: $id) { id } }`, { id: submitted.id }, staff)).review).toBeNull();
    // Deleted, the product can be reviewed again by the same author.
    await submit(review(submitted.product.id, 5), ana.headers);
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
      expect(codesOf(await graphql(reviews.url, APPROVE, { id: submitted.id }))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await graphql(reviews.url, APPROVE, { id: submitted.id }, ana.headers))).toEqual(['FORBIDDEN']);
      expect(codesOf(await graphql(reviews.url, REJECT, { id: submitted.id, reason: 'mine' }, ana.headers))).toEqual(['FORBIDDEN']);
      expect((await expectData(reviews.url, GET, { id: submitted.id }, ana.headers)).review.status).toBe('PENDING');
      const admin = await expectData(reviews.url, REJECT, { id: submitted.id, reason: 'Off topic' }, await asAdmin());
      expect(admin.rejectReview.status).toBe('REJECTED');
    });

    it('shows a pending or rejected review to its author and staff only, an approved one to anyone', async () => {
      const ana = await customer();
      const submitted = await submit(review(unique('p'), 2), ana.headers);
      // Anyone else gets what an unknown id gets (null, no error): the answer does not tell that the review exists.
      const unknownId = '0123456789abcdef01234567';
      for (const headers of [{}, await asCustomer()]) {
        const hidden = await graphql(reviews.url, GET, { id: submitted.id }, headers);
        const unknown = await graphql(reviews.url, GET, { id: unknownId }, headers);
        expect(hidden).toMatchObject({ status: 200, data: { review: null } });
        expect(hidden.errors).toBeUndefined();
        expect({ data: unknown.data, errors: unknown.errors }).toEqual({ data: hidden.data, errors: hidden.errors });
      }
      await reject(submitted.id, 'Off topic');
      expect((await graphql(reviews.url, GET, { id: submitted.id })).data?.review).toBeNull();
      expect((await graphql(reviews.url, GET, { id: submitted.id })).errors).toBeUndefined();
      expect((await expectData(reviews.url, GET, { id: submitted.id }, ana.headers)).review.status).toBe('REJECTED');
      await expectData(reviews.url, UPDATE, { id: submitted.id, input: { rating: 2, title: 'Again', body: 'Second try.' } }, ana.headers);
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
