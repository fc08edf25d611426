import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../runtime/graphql/page-info';
import { ReviewEdge } from './review-connection';

// No cache hint: the queue changes with every moderation, so its answers are never cached.
@ObjectType({ description: 'The moderation queue: pending reviews, oldest first, a page at a time' })
export class PendingReviewConnection {
  @Field(() => [ReviewEdge])
  edges!: ReviewEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many reviews are pending, over all pages' })
  totalCount!: number;
}
