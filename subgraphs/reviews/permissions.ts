import { rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import type { Identity } from '../../runtime/auth/identity';
import { allow, forbiddenError, isAuthenticated, isStaff, unauthenticatedError } from '../../runtime/auth/rules';
import type { DomainError } from '../../runtime/errors';
import type { ReviewsContext } from './context';
import type { Review } from './entities/review';
import { mayReadReview } from './review-visibility';

/** Whether the caller may read this review; if not, why (anonymous, or someone else's unapproved review). */
function reviewAccess(review: Pick<Review, 'status' | 'author'>, identity: Identity | null): true | DomainError {
  if (mayReadReview(review, identity)) return true;
  return identity ? forbiddenError() : unauthenticatedError();
}

/** Every field of a review (its author included), however it was reached: `myReviews`, `Product.reviews`, `_entities`. */
const mayReadThisReview = rule('mayReadThisReview', { cache: 'no_cache' })((parent: Review, _args, context: ReviewsContext) =>
  reviewAccess(parent, context.identity),
);

/**
 * `updateReview` and `deleteReview`: only the author changes their review (staff moderate instead). An
 * unknown id passes, for the resolver to answer NOT_FOUND.
 */
const isAuthorOfNamedReview = rule('isAuthorOfNamedReview', { cache: 'strict' })((_parent, args: { id: string }, context: ReviewsContext) => {
  if (!context.identity) return unauthenticatedError();
  const callerId = context.identity.accountId;
  return context.loaders.reviewById.load(args.id).then(
    (review) => (!review || review.author.id === callerId ? true : forbiddenError()),
    (error: Error) => error,
  );
});

export const reviewsPermissions: IRules = {
  Query: {
    // Open to all: the resolver answers null for a review the caller may not see, as for an unknown id.
    review: allow,
    myReviews: isAuthenticated,
    myReviewsConnection: isAuthenticated,
    pendingReviews: isStaff,
  },
  Mutation: {
    submitReview: isAuthenticated,
    updateReview: isAuthorOfNamedReview,
    deleteReview: isAuthorOfNamedReview,
    approveReview: isStaff,
    rejectReview: isStaff,
  },
  Review: mayReadThisReview,
  // The catalog's Product as this subgraph extends it: ratings and approved reviews are public (each review is still checked).
  Product: allow,
  ProductRating: allow,
  ReviewConnection: allow,
  // Reached only through the staff-only `pendingReviews`; each review is still checked.
  PendingReviewConnection: allow,
  ReviewEdge: allow,
  PageInfo: allow,
  User: { id: allow },
};
