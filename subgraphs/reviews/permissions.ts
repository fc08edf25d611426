import { rule } from 'graphql-shield';
import type { IRules } from 'graphql-shield';
import { isStaff as isStaffIdentity, type Identity } from '../../runtime/auth/identity';
import { allow, forbiddenError, isAuthenticated, isStaff, unauthenticatedError } from '../../runtime/auth/rules';
import type { DomainError } from '../../runtime/errors';
import type { ReviewsContext } from './context';
import type { Review } from './entities/review';
import { ReviewStatus } from './entities/review-status';

/** An approved review is public; one still in (or refused by) moderation is its author's and staff's to see. */
function reviewAccess(review: Pick<Review, 'status' | 'author'>, identity: Identity | null): true | DomainError {
  if (review.status === ReviewStatus.APPROVED) return true;
  if (!identity) return unauthenticatedError();
  return review.author.id === identity.accountId || isStaffIdentity(identity) ? true : forbiddenError();
}

/** Every field of a review (its author included), however it was reached: `review`, `myReviews`, `Product.reviews`, `_entities`. */
const mayReadThisReview = rule('mayReadThisReview', { cache: 'no_cache' })((parent: Review, _args, context: ReviewsContext) =>
  reviewAccess(parent, context.identity),
);

/**
 * `review(id)` is checked up front too, so one refused gets a single clear error. An unknown id passes (the
 * answer is null); the review comes from the request's loader, so the resolver does not fetch it again. A
 * failing store is reported as such, not turned into FORBIDDEN.
 */
const mayReadNamedReview = rule('mayReadNamedReview', { cache: 'strict' })((_parent, args: { id: string }, context: ReviewsContext) =>
  context.loaders.reviewById.load(args.id).then(
    (review) => (review ? reviewAccess(review, context.identity) : true),
    (error: Error) => error,
  ),
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
    review: mayReadNamedReview,
    myReviews: isAuthenticated,
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
  ReviewEdge: allow,
  PageInfo: allow,
  User: { id: allow },
};
