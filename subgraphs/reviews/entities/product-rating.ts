import { Field, Float, Int, ObjectType } from 'type-graphql';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: "A product's star rating over its approved reviews" })
export class ProductRating {
  @Field(() => Float, { nullable: true, description: 'Mean stars, 1 to 5; null while there are no approved reviews' })
  average!: number | null;

  @Field(() => Int, { description: 'How many approved reviews the average is over' })
  count!: number;
}
