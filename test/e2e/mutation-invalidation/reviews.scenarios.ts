import { expect } from 'vitest';
import { lastRead } from '../../support/eventually';
import type { Caller, MutationInvalidation, Read, Shop } from './types';

const PRODUCT_REVIEWS = 'query($id: ID!) { product(id: $id) { rating { average count } reviews(first: 5) { edges { node { id title } } } } }';
const MY_REVIEWS = 'query { myReviews { id status title rejectionReason } }';

interface Reviewed {
  author: Caller;
  productId: string;
  reviewId: string;
}

/** A product named `name` with one review (`rating` stars) by a new customer, approved by staff unless `pending`. */
async function reviewedProduct(shop: Shop, name: string, pending = false, rating = 4): Promise<Reviewed> {
  const author = await shop.customer();
  await shop.run(author.headers, 'query { me { id } }'); // the author's profile exists
  const productId = await shop.product(name);
  const { submitReview } = await shop.run(author.headers, 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }', {
    input: { productId, rating, title: 'First impressions', body: 'Fresh and fragrant for a week.' },
  });
  if (!pending) await shop.run(shop.staff, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id });
  return { author, productId, reviewId: submitReview.id };
}

/** The product page as anonymous visitors and as signed-in customers see it (two pools of shared answers). */
async function productPageReads(shop: Shop, productId: string, shows: (data: any) => void): Promise<Read[]> {
  const reader = await shop.customer();
  return [
    { who: 'an anonymous visitor', as: {}, cache: 'HIT', query: PRODUCT_REVIEWS, variables: { id: productId }, shows },
    { who: 'another customer', as: reader.headers, cache: 'HIT', query: PRODUCT_REVIEWS, variables: { id: productId }, shows },
  ];
}

const noReviews = (data: any) => expect(data.product).toEqual({ rating: { average: null, count: 0 }, reviews: { edges: [] } });

/** Reviews: the author's own list (private), and the product page with its rating (public). */
export const reviewsScenarios: MutationInvalidation[] = [
  {
    field: 'Mutation.submitReview',
    arrange: async (shop) => {
      const author = await shop.customer();
      const productId = await shop.product(shop.unique('Submitted Sunflowers'));
      const input = { productId, rating: 5, title: 'Sunny', body: 'Bright yellow and long lasting.' };
      return {
        mutation: { as: author.headers, query: 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }', variables: { input } },
        reads: [
          {
            who: 'the author',
            as: author.headers,
            cache: 'HIT',
            query: MY_REVIEWS,
            shows: (data) => expect(data.myReviews).toMatchObject([{ status: 'PENDING', title: 'Sunny' }]),
          },
        ],
      };
    },
  },
  {
    // Published: on the product page and in its rating at once; in the shop window sorted by rating once the
    // catalog applied its copy of the rating (announced by catalog.rating.applied).
    field: 'Mutation.approveReview',
    arrange: async (shop) => {
      const { author, productId, reviewId } = await reviewedProduct(shop, shop.unique('Approved Asters'), true);
      const search = (await shop.run(shop.staff, 'query($id: ID!) { product(id: $id) { name } }', { id: productId })).product.name;
      const rival = await reviewedProduct(shop, `${search} Rival`, false, 2);
      const BY_RATING = 'query($search: String!) { products(first: 5, search: $search, sortBy: RATING) { edges { node { id } } } }';
      const order = (data: any) => data.products.edges.map((edge: any) => edge.node.id);
      // The rival's rating reached the catalog: it leads until the approval.
      await lastRead(
        () => shop.run(shop.staff, BY_RATING, { search }),
        (data) => order(data)[0] === rival.productId,
      );
      const published = (data: any) =>
        expect(data.product).toEqual({ rating: { average: 4, count: 1 }, reviews: { edges: [{ node: { id: reviewId, title: 'First impressions' } }] } });
      const later = {
        because: 'the catalog applies its copy of the rating from reviews.rating.changed, then announces catalog.rating.applied',
        withinMs: 15_000,
      };
      const leads = (data: any) => expect(order(data)).toEqual([productId, rival.productId]);
      return {
        mutation: { as: shop.staff, query: 'mutation($id: ID!) { approveReview(id: $id) { id } }', variables: { id: reviewId } },
        reads: [
          ...(await productPageReads(shop, productId, published)),
          {
            who: 'the author',
            as: author.headers,
            cache: 'HIT',
            query: MY_REVIEWS,
            shows: (data) => expect(data.myReviews).toMatchObject([{ id: reviewId, status: 'APPROVED' }]),
          },
          { who: 'an anonymous visitor', as: {}, cache: 'HIT', query: BY_RATING, variables: { search }, shows: leads, later },
        ],
      };
    },
  },
  {
    // Taking down a published review: off the page and out of the rating; the author sees why.
    field: 'Mutation.rejectReview',
    arrange: async (shop) => {
      const { author, productId, reviewId } = await reviewedProduct(shop, shop.unique('Rejected Roses'));
      return {
        mutation: { as: shop.staff, query: 'mutation($id: ID!) { rejectReview(id: $id, reason: "Off topic") { id } }', variables: { id: reviewId } },
        reads: [
          ...(await productPageReads(shop, productId, noReviews)),
          {
            who: 'the author',
            as: author.headers,
            cache: 'HIT',
            query: MY_REVIEWS,
            shows: (data) => expect(data.myReviews).toMatchObject([{ id: reviewId, status: 'REJECTED', rejectionReason: 'Off topic' }]),
          },
        ],
      };
    },
  },
  {
    // Edited, a published review goes back to moderation: off the page until approved again.
    field: 'Mutation.updateReview',
    arrange: async (shop) => {
      const { author, productId, reviewId } = await reviewedProduct(shop, shop.unique('Edited Edelweiss'));
      return {
        mutation: {
          as: author.headers,
          query: 'mutation($id: ID!, $input: UpdateReviewInput!) { updateReview(id: $id, input: $input) { id } }',
          variables: { id: reviewId, input: { rating: 2, title: 'Second thoughts', body: 'They wilted after two days.' } },
        },
        reads: [
          {
            who: 'the author',
            as: author.headers,
            cache: 'HIT',
            query: MY_REVIEWS,
            shows: (data) => expect(data.myReviews).toMatchObject([{ id: reviewId, status: 'PENDING', title: 'Second thoughts' }]),
          },
          ...(await productPageReads(shop, productId, noReviews)),
        ],
      };
    },
  },
  {
    field: 'Mutation.deleteReview',
    arrange: async (shop) => {
      const { author, productId, reviewId } = await reviewedProduct(shop, shop.unique('Deleted Daisies'));
      return {
        mutation: { as: author.headers, query: 'mutation($id: ID!) { deleteReview(id: $id) }', variables: { id: reviewId } },
        reads: [
          { who: 'the author', as: author.headers, cache: 'HIT', query: MY_REVIEWS, shows: (data) => expect(data.myReviews).toEqual([]) },
          {
            who: 'the author',
            as: author.headers,
            cache: 'HIT',
            query: 'query($id: ID!) { review(id: $id) { id } }',
            variables: { id: reviewId },
            shows: (data) => expect(data.review).toBeNull(),
          },
          ...(await productPageReads(shop, productId, noReviews)),
        ],
      };
    },
  },
];
