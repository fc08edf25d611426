import { DomainError, notFound } from '../../../runtime/errors';
import type { ReviewsContext } from '../context';
import type { Review } from '../entities/review';
import type { ReviewStatus } from '../entities/review-status';
import type { ReviewChange } from '../store/review.store';

export const invalidTransition = (review: Review, action: string) =>
  new DomainError('INVALID_TRANSITION', `Review ${review.id} is ${review.status} and cannot be ${action}`, {
    id: review.id,
    currentStatus: review.status,
  });

/** The review as stored now (not the request's loader, which may hold it from before a change). */
export async function currentReview(id: string, { providers }: ReviewsContext): Promise<Review> {
  const [review] = await providers.reviews.findByIds([id]);
  if (!review) throw notFound('Review', id);
  return review;
}

/**
 * Moves a review to its next state when its status allows `action`: INVALID_TRANSITION otherwise (nothing
 * changes), and CONFLICT when someone changed it between the read and the write.
 */
export async function changeReview(
  id: string,
  action: string,
  allowedFrom: readonly ReviewStatus[],
  set: ReviewChange['set'],
  context: ReviewsContext,
): Promise<Review> {
  const review = await currentReview(id, context);
  if (!allowedFrom.includes(review.status)) throw invalidTransition(review, action);
  const changed = await context.providers.reviews.change(review, { from: review.status, set });
  if (changed) return changed;
  const now = await currentReview(id, context);
  if (!allowedFrom.includes(now.status)) throw invalidTransition(now, action);
  throw new DomainError('CONFLICT', `Review ${id} changed meanwhile; read it again and retry`, { id });
}
