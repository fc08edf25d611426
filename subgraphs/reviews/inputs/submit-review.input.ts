import { Field, ID, InputType, Int } from 'type-graphql';
import { check, checkId } from '../../../runtime/validation';

export const MAX_TITLE_LENGTH = 120;
export const MAX_BODY_LENGTH = 5_000;

/** What an author writes: the same for a new review and an edit. */
export interface ReviewContent {
  rating: number;
  title: string;
  body: string;
}

@InputType({ description: 'A review by the signed-in customer, who is taken from the access token' })
export class SubmitReviewInput implements ReviewContent {
  @Field(() => ID)
  productId!: string;

  @Field(() => Int, { description: 'Stars, 1 to 5' })
  rating!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  body!: string;
}

@InputType({ description: 'The new content of a review; the edited review goes back to moderation' })
export class UpdateReviewInput implements ReviewContent {
  @Field(() => Int, { description: 'Stars, 1 to 5' })
  rating!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  body!: string;
}

export function validateReviewContent(input: ReviewContent): void {
  check(Number.isInteger(input.rating) && input.rating >= 1 && input.rating <= 5, 'rating', 'Rating must be a whole number of stars from 1 to 5');
  check(input.title.trim().length > 0 && input.title.length <= MAX_TITLE_LENGTH, 'title', `Title must be 1 to ${MAX_TITLE_LENGTH} characters`);
  check(input.body.trim().length > 0 && input.body.length <= MAX_BODY_LENGTH, 'body', `Body must be 1 to ${MAX_BODY_LENGTH} characters`);
}

export function validateSubmitReview(input: SubmitReviewInput): void {
  checkId(input.productId, 'productId');
  validateReviewContent(input);
}
