import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../runtime/graphql/page-info';
import { User } from './user';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

// Relay cursor connection of the staff's user listing.

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType()
export class UserEdge {
  @Field(() => String, { description: 'Opaque' })
  cursor!: string;

  @Field(() => User)
  node!: User;
}

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType({ description: 'Profiles, newest first' })
export class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many profiles match, over all pages' })
  totalCount!: number;
}
