import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { DomainError, notFound } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { ReviewsContext } from '../context';
import { UserRef } from '../../../runtime/graphql/entity-refs';
import { Review } from '../entities/review';
import { SubmitReviewInput, UpdateReviewInput, validateReviewContent, validateSubmitReview } from '../inputs/submit-review.input';
import { changeReview, currentReview, EDIT } from '../service/review-changes';
import { mayReadReview } from '../review-visibility';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';
import { signedIn } from '../../../runtime/auth/signed-in';
import { connectionPage, pageSize } from '../../../runtime/graphql/page-info';
import { ReviewConnection } from '../entities/review-connection';
import { reviewCursor, reviewPosition } from '../store/review-cursor';

const MAX_PAGE = 100;

// Who may call what is decided in ../permissions.ts; the author is always the verified caller.
@Resolver(() => Review)
export class ReviewResolver {
  // Answers depend on the caller (a pending review is its author's): cached per account, never shared.
  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Query(() => Review, {
    nullable: true,
    description: 'A review by id: an approved one to anyone, a pending or rejected one to its author and staff; null to anyone else, as for an unknown id',
  })
  async review(@Arg('id', () => ID) id: string, @Ctx() { loaders, identity }: ReviewsContext): Promise<Review | null> {
    const review = await loaders.reviewById.load(id);
    // Refusing a hidden review (where an unknown id is null) would tell anyone that it exists.
    return review && mayReadReview(review, identity) ? review : null;
  }

  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Query(() => [Review], {
    description: "The signed-in caller's reviews, whatever their status, newest first",
    deprecationReason: 'Use `myReviewsConnection`: the same reviews a page at a time, with cursors',
  })
  myReviews(@Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() { providers, identity }: ReviewsContext): Promise<Review[]> {
    return providers.reviews.listByAuthor(signedIn(identity).accountId, Math.min(Math.max(first, 0), MAX_PAGE));
  }

  @CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
  @Query(() => ReviewConnection, { description: "The signed-in caller's reviews, whatever their status, newest first, a page at a time" })
  async myReviewsConnection(
    @Arg('first', () => Int, { defaultValue: 20, description: `At most ${MAX_PAGE}` }) first: number,
    @Arg('after', () => String, { nullable: true, description: "A previous page's `pageInfo.endCursor`" }) after: string | null | undefined,
    @Ctx() { providers, identity }: ReviewsContext,
  ): Promise<ReviewConnection> {
    const position = after ? reviewPosition(after) : null;
    const authorId = signedIn(identity).accountId;
    const { reviews, hasNextPage } = await providers.reviews.authorPage(authorId, pageSize(first, MAX_PAGE), position);
    return { ...connectionPage(reviews, reviewCursor, hasNextPage), countAll: () => providers.reviews.countByAuthor(authorId) };
  }

  @Mutation(() => Review, { description: 'Submits a review by the signed-in caller for moderation; one per author and product' })
  async submitReview(
    @Arg('input', () => SubmitReviewInput) input: SubmitReviewInput,
    @Ctx() { providers, identity, requestId }: ReviewsContext,
  ): Promise<Review> {
    validateSubmitReview(input);
    // Moderators would otherwise queue reviews of products the shop never had.
    if (!(await providers.catalog.hasProduct(input.productId, requestId))) throw notFound('Product', input.productId);
    return providers.reviews.create(signedIn(identity).accountId, input);
  }

  @Mutation(() => Review, { description: "Edits the caller's own review, which goes back to PENDING (out of the rating until approved again)" })
  updateReview(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => UpdateReviewInput) input: UpdateReviewInput,
    @Ctx() context: ReviewsContext,
  ): Promise<Review> {
    validateReviewContent(input);
    const content = { rating: input.rating, title: input.title.trim(), body: input.body.trim() };
    return changeReview(id, EDIT, { ...content, rejectionReason: null }, context);
  }

  @Mutation(() => ID, { description: "Deletes the caller's own review, whatever its status; returns its id" })
  async deleteReview(@Arg('id', () => ID) id: string, @Ctx() context: ReviewsContext): Promise<string> {
    const review = await currentReview(id, context);
    if (!(await context.providers.reviews.delete(review))) {
      throw new DomainError('CONFLICT', `Review ${id} changed meanwhile; read it again and retry`, { id });
    }
    return id;
  }

  // Nullable on purpose: the reviewer's fields are the users service's, and while it cannot answer the review
  // itself still stands, with null here and an error naming it.
  @FieldResolver(() => UserRef, { nullable: true, description: 'Who wrote the review; null while the users service cannot answer' })
  reviewer(@Root() review: Review): UserRef {
    return review.author;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the author received this product in a delivered order' })
  verifiedPurchase(@Root() review: Review, @Ctx() { loaders }: ReviewsContext): Promise<boolean> {
    return loaders.purchased.load({ accountId: review.author.id, productId: review.product.id });
  }
}

export const resolveReviewReference = (reference: EntityRef, { loaders }: ReviewsContext) => loaders.reviewById.load(reference.id);
