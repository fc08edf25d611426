import { Arg, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError, notFound } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { ReviewsContext } from '../context';
import { Review } from '../entities/review';
import { ReviewStatus } from '../entities/review-status';
import { SubmitReviewInput, validateSubmitReview } from '../inputs/submit-review.input';

const MAX_PAGE = 100;

// Who may call what is decided in ../permissions.ts; the author is always the verified caller.
@Resolver(() => Review)
export class ReviewResolver {
  @Query(() => Review, {
    nullable: true,
    description: 'A review by id: an approved one to anyone, a pending or rejected one to its author and staff',
  })
  review(@Arg('id', () => ID) id: string, @Ctx() { loaders }: ReviewsContext): Promise<Review | null> {
    return loaders.reviewById.load(id);
  }

  @Query(() => [Review], { description: "The signed-in caller's reviews, whatever their status, newest first" })
  myReviews(@Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() { stores, identity }: ReviewsContext): Promise<Review[]> {
    return stores.reviews.listByAuthor(identity!.accountId, Math.min(Math.max(first, 0), MAX_PAGE));
  }

  @Mutation(() => Review, { description: 'Submits a review by the signed-in caller for moderation; one per author and product' })
  submitReview(@Arg('input', () => SubmitReviewInput) input: SubmitReviewInput, @Ctx() { stores, identity }: ReviewsContext): Promise<Review> {
    validateSubmitReview(input);
    return stores.reviews.create(identity!.accountId, input);
  }

  @Mutation(() => Review, { description: 'Approves or rejects a pending review (staff)' })
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
