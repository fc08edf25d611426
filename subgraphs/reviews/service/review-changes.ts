import { DomainError, invalidTransition, notFound } from '../../../runtime/errors';
import type { ReviewsContext } from '../context';
import type { Review } from '../entities/review';
import { ReviewStatus } from '../entities/review-status';
import type { ReviewChange } from '../store/review.store';

/** A change of a review's status, and the statuses it may start from. */
export interface ReviewMove {
  to: ReviewStatus;
  from: readonly ReviewStatus[];
}

export const APPROVE: ReviewMove = { to: ReviewStatus.APPROVED, from: [ReviewStatus.PENDING] };
export const REJECT: ReviewMove = { to: ReviewStatus.REJECTED, from: [ReviewStatus.PENDING, ReviewStatus.APPROVED] };
/** An author's edit sends the review back to moderation from any status, so it is never refused. */
export const EDIT: ReviewMove = { to: ReviewStatus.PENDING, from: [ReviewStatus.PENDING, ReviewStatus.APPROVED, ReviewStatus.REJECTED] };

// Only moderation can be refused, so what a refusal lists as allowed is moderation's.
const MODERATION = [APPROVE, REJECT];

const refusal = (review: Review, move: ReviewMove) =>
  invalidTransition({
    what: 'Review',
    id: review.id,
    currentStatus: review.status,
    requested: move.to,
    allowed: MODERATION.filter((next) => next.from.includes(review.status)).map((next) => next.to),
  });

/** The review as stored now (not the request's loader, which may hold it from before a change). */
export async function currentReview(id: string, { providers }: ReviewsContext): Promise<Review> {
  const [review] = await providers.reviews.findByIds([id]);
  if (!review) throw notFound('Review', id);
  return review;
}

/**
 * Makes `move` (setting `set` too) when the review's status allows it: INVALID_TRANSITION otherwise (nothing
 * changes), and CONFLICT when someone changed it between the read and the write.
 */
export async function changeReview(id: string, move: ReviewMove, set: Omit<ReviewChange['set'], 'status'>, context: ReviewsContext): Promise<Review> {
  const review = await currentReview(id, context);
  if (!move.from.includes(review.status)) throw refusal(review, move);
  const changed = await context.providers.reviews.change(review, { from: review.status, set: { ...set, status: move.to } });
  if (changed) return changed;
  const now = await currentReview(id, context);
  if (!move.from.includes(now.status)) throw refusal(now, move);
  throw new DomainError('CONFLICT', `Review ${id} changed meanwhile; read it again and retry`, { id });
}
