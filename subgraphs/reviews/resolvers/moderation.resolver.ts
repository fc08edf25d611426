import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ReviewsContext } from '../context';
import { Review } from '../entities/review';
import { validateRejectionReason } from '../inputs/rejection-reason';
import { APPROVE, changeReview, REJECT } from '../service/review-changes';

/**
 * Staff moderation: PENDING → APPROVED, PENDING → REJECTED, and APPROVED → REJECTED (taking a published
 * review down). A rejected review returns to moderation only when its author edits it.
 */
@Resolver(() => Review)
export class ModerationResolver {
  @Mutation(() => Review, { description: 'Publishes a pending review (staff); it then counts in the product rating' })
  approveReview(@Arg('id', () => ID) id: string, @Ctx() context: ReviewsContext): Promise<Review> {
    return changeReview(id, APPROVE, { moderatedAt: new Date(), rejectionReason: null }, context);
  }

  @Mutation(() => Review, { description: 'Rejects a pending review, or takes down an approved one (staff); the reason is shown to the author' })
  rejectReview(@Arg('id', () => ID) id: string, @Arg('reason', () => String) reason: string, @Ctx() context: ReviewsContext): Promise<Review> {
    validateRejectionReason(reason);
    return changeReview(id, REJECT, { moderatedAt: new Date(), rejectionReason: reason.trim() }, context);
  }
}
