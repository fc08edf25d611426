import { createProductAsStaff, dataOf } from './catalog.expectations';
import type { SubgraphExpectations } from './types';

const SUBMIT = 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id status } }';
const STAFF_ONLY = { anonymous: 'UNAUTHENTICATED', customer: 'FORBIDDEN', otherCustomer: 'FORBIDDEN', staff: 'allowed', admin: 'allowed' } as const;
const AUTHOR_ONLY = { anonymous: 'UNAUTHENTICATED', customer: 'allowed', otherCustomer: 'FORBIDDEN', staff: 'FORBIDDEN', admin: 'FORBIDDEN' } as const;
const review = (productId: string) => ({ productId, rating: 4, title: 'RBAC review', body: 'Fresh and fragrant.' });

/**
 * The fixture review is the customer's and still PENDING, so only its author and staff may read it (an
 * approved one is public, covered by the reviews subgraph's own tests). A second one is for moderation.
 */
export const reviewsExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const [product, other] = [await createProductAsStaff(call, 'RBAC Review Daisies'), await createProductAsStaff(call, 'RBAC Review Irises')];
    const reviewable = await createProductAsStaff(call, 'RBAC Review Tulips');
    const pending = dataOf(await call('customer', SUBMIT, { input: review(product.id) }), 'submitReview').submitReview;
    const toModerate = dataOf(await call('customer', SUBMIT, { input: review(other.id) }), 'submitReview').submitReview;
    return { reviewId: pending.id, moderatedReviewId: toModerate.id, reviewableProductId: reviewable.id };
  },
  fields: [
    {
      field: 'Query.review',
      // Anyone else is answered null, as for an unknown id (the reviews subgraph's tests check the data).
      operation: ({ ids }) => ({ query: 'query($id: ID!) { review(id: $id) { id status rating author { id } } }', variables: { id: ids.reviewId } }),
      anonymous: 'allowed',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.myReviewsConnection',
      operation: () => ({ query: 'query { myReviewsConnection(first: 5) { edges { node { id status } } pageInfo { hasNextPage } } }' }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.myReviews',
      operation: () => ({ query: 'query { myReviews(first: 5) { id status } }' }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Mutation.submitReview',
      // A product the catalog has and none of the callers reviewed yet (each of them may review it once).
      operation: ({ ids }) => ({ query: SUBMIT, variables: { input: review(ids.reviewableProductId) } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Query.pendingReviews',
      operation: () => ({ query: 'query { pendingReviews(first: 1) { totalCount edges { node { id status } } } }' }),
      ...STAFF_ONLY,
    },
    {
      field: 'Mutation.approveReview',
      // Staff approve it; admin then meets INVALID_TRANSITION (already approved), which is still served.
      operation: ({ ids }) => ({ query: 'mutation($id: ID!) { approveReview(id: $id) { id status } }', variables: { id: ids.moderatedReviewId } }),
      ...STAFF_ONLY,
    },
    {
      field: 'Mutation.rejectReview',
      // Runs after approveReview: staff take the approved review down; admin then meets INVALID_TRANSITION.
      operation: ({ ids }) => ({
        query: 'mutation($id: ID!) { rejectReview(id: $id, reason: "RBAC") { id status } }',
        variables: { id: ids.moderatedReviewId },
      }),
      ...STAFF_ONLY,
    },
    {
      field: 'Mutation.updateReview',
      // The author's pending review: only they may edit it (it stays PENDING), staff moderate instead.
      operation: ({ ids }) => ({
        query: 'mutation($id: ID!, $input: UpdateReviewInput!) { updateReview(id: $id, input: $input) { id status } }',
        variables: { id: ids.reviewId, input: { rating: 3, title: 'RBAC edit', body: 'Still fresh.' } },
      }),
      ...AUTHOR_ONLY,
    },
    {
      field: 'Mutation.deleteReview',
      // An id that names no review answers NOT_FOUND to anyone signed in; the author-only check on a real review is in updateReview's row.
      operation: () => ({ query: 'mutation($id: ID!) { deleteReview(id: $id) }', variables: { id: '0123456789abcdef01234567' } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
  ],
};
