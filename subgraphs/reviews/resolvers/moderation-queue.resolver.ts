import { Arg, Ctx, Int, Query, Resolver } from 'type-graphql';
import { connectionPage, pageSize } from '../../../runtime/graphql/page-info';
import type { ReviewsContext } from '../context';
import { PendingReviewConnection } from '../entities/pending-review-connection';
import { reviewCursor, reviewPosition } from '../store/review-cursor';

const MAX_QUEUE_PAGE = 100;

/** What staff moderate next: `approveReview` or `rejectReview` on an id from here takes it out of the queue. */
@Resolver()
export class ModerationQueueResolver {
  @Query(() => PendingReviewConnection, { description: 'Staff: reviews awaiting moderation, oldest first' })
  async pendingReviews(
    @Arg('first', () => Int, { defaultValue: 20, description: `At most ${MAX_QUEUE_PAGE}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: "A previous page's `pageInfo.endCursor`" }) after: string | null | undefined,
    @Ctx() { providers, loaders }: ReviewsContext,
  ): Promise<PendingReviewConnection> {
    const position = after ? reviewPosition(after) : null;
    const page = await providers.reviews.pendingPage(pageSize(first, MAX_QUEUE_PAGE), position);
    for (const review of page.reviews) loaders.reviewById.prime(review.id, review);
    return { ...connectionPage(page.reviews, reviewCursor, page.hasNextPage), totalCount: page.totalCount };
  }
}
