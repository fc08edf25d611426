import { isStaff, type Identity } from '../../runtime/auth/identity';
import type { Review } from './entities/review';
import { ReviewStatus } from './entities/review-status';

/** An approved review is public; one still in (or refused by) moderation is its author's and staff's to see. */
export function mayReadReview(review: Pick<Review, 'status' | 'author'>, identity: Identity | null): boolean {
  if (review.status === ReviewStatus.APPROVED) return true;
  return identity !== null && (review.author.id === identity.accountId || isStaff(identity));
}
