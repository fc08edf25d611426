import { unique } from '../../support/graphql';
import { createProductAsStaff, dataOf } from './catalog.expectations';
import type { SubgraphExpectations } from './types';

const SUBMIT = 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id status } }';
const review = (productId: string) => ({ productId, rating: 4, title: 'RBAC review', body: 'Fresh and fragrant.' });

/**
 * The fixture review is the customer's and still PENDING, so only its author and staff may read it (an
 * approved one is public, covered by the reviews subgraph's own tests). A second one is for moderation.
 */
export const reviewsExpectations: SubgraphExpectations = {
  setup: async ({ call }) => {
    const [product, other] = [await createProductAsStaff(call, 'RBAC Review Daisies'), await createProductAsStaff(call, 'RBAC Review Irises')];
    const pending = dataOf(await call('customer', SUBMIT, { input: review(product.id) }), 'submitReview').submitReview;
    const toModerate = dataOf(await call('customer', SUBMIT, { input: review(other.id) }), 'submitReview').submitReview;
    return { reviewId: pending.id, moderatedReviewId: toModerate.id };
  },
  fields: [
    {
      field: 'Query.review',
      operation: ({ ids }) => ({ query: 'query($id: ID!) { review(id: $id) { id status rating author { id } } }', variables: { id: ids.reviewId } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'FORBIDDEN',
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
      // Any product id will do: one author may review a product once, so every run takes a new one.
      operation: () => ({ query: SUBMIT, variables: { input: review(unique('rbac-p')) } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'allowed',
      otherCustomer: 'allowed',
      staff: 'allowed',
      admin: 'allowed',
    },
    {
      field: 'Mutation.moderateReview',
      // Staff approve it; admin then meets BAD_USER_INPUT (already moderated), which is still served.
      operation: ({ ids }) => ({ query: 'mutation($id: ID!) { moderateReview(id: $id, status: APPROVED) { id status } }', variables: { id: ids.moderatedReviewId } }),
      anonymous: 'UNAUTHENTICATED',
      customer: 'FORBIDDEN',
      otherCustomer: 'FORBIDDEN',
      staff: 'allowed',
      admin: 'allowed',
    },
  ],
};
