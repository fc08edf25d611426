import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ProductReviews } from './product-reviews';
import { ReviewStatus } from './review-status';
import { UserRef } from '../../../runtime/graphql/entity-refs';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE)
@Directive('@key(fields: "id")')
@ObjectType({ description: "A customer's rating and opinion of a product, shown once approved" })
export class Review {
  @Field(() => ID)
  id!: string;

  @Field(() => ProductReviews)
  product!: ProductReviews;

  @Field(() => UserRef, {
    description: 'Who wrote the review',
    deprecationReason: 'Use `reviewer`: this field cannot be null, so while the users service is down it fails the whole review',
  })
  author!: UserRef;

  @Field(() => Int, { description: 'Stars, 1 to 5' })
  rating!: number;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  body!: string;

  @Field(() => ReviewStatus)
  status!: ReviewStatus;

  @Field(() => String, { nullable: true, description: 'Why staff rejected the review (only a rejected review has one); seen by its author and staff' })
  rejectionReason!: string | null;

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { description: 'Last edit or moderation' })
  updatedAt!: Date;
}
