import { Field, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../runtime/graphql/page-info';
import { Review } from './review';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'A review in a page of reviews, with the cursor to resume after it' })
export class ReviewEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Review)
  node!: Review;
}

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'A page of reviews, newest first' })
export class ReviewConnection {
  @Field(() => [ReviewEdge])
  edges!: ReviewEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  /** How many reviews the whole listing holds: not in the schema, `totalCount` (its resolver) calls it only when asked for. */
  countAll!: () => number | Promise<number>;
}
