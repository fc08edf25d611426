import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError, notFound } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { ReviewsContext } from '../context';
import { Review } from '../entities/review';
import { ReviewStatus } from '../entities/review-status';
import { SubmitReviewInput, validateSubmitReview } from '../inputs/submit-review.input';

@Resolver(() => Review)
export class ReviewResolver {
  @Query(() => Review, { nullable: true, description: 'A review by id, whatever its status' })
  review(@Arg('id', () => ID) id: string, @Ctx() { loaders }: ReviewsContext): Promise<Review | null> {
    return loaders.reviewById.load(id);
  }

  @Mutation(() => Review, { description: 'Submits a review for moderation; one per author and product' })
  submitReview(@Arg('input', () => SubmitReviewInput) input: SubmitReviewInput, @Ctx() { stores }: ReviewsContext): Promise<Review> {
    validateSubmitReview(input);
    return stores.reviews.create(input);
  }

  @Mutation(() => Review, { description: 'Approves or rejects a pending review' })
  async moderateReview(
    @Arg('id', () => ID) id: string,
    @Arg('status', () => ReviewStatus) status: ReviewStatus,
    @Ctx() { stores }: ReviewsContext,
  ): Promise<Review> {
    if (status === ReviewStatus.PENDING) {
      throw new DomainError('BAD_USER_INPUT', 'A review can only be moderated to APPROVED or REJECTED', { field: 'status' });
    }
    const moderated = await stores.reviews.moderate(id, status);
    if (moderated) return moderated;
    const [current] = await stores.reviews.findByIds([id]);
    if (!current) throw notFound('Review', id);
    // The decision is final: PENDING is the only status moderation leaves.
    throw new DomainError('BAD_USER_INPUT', `Review ${id} is already ${current.status} and cannot be moderated again`, {
      field: 'status',
      currentStatus: current.status,
    });
  }
}

export const resolveReviewReference = (reference: EntityRef, { loaders }: ReviewsContext) => loaders.reviewById.load(reference.id);
