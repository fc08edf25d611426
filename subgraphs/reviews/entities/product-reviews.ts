import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

/**
 * The catalog's Product as this subgraph sees it: its key, plus `reviews` and `rating`, which
 * ProductReviewsResolver contributes. Resolvable here, so the router can ask for those fields by id.
 */
@CacheHint(SHOP_WINDOW_MAX_AGE)
@Directive('@key(fields: "id")')
@ObjectType('Product')
export class ProductReviews {
  @Field(() => ID)
  id!: string;
}
