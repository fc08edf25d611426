import { Directive, Field, Int, ObjectType } from 'type-graphql';
import { User } from './user';

// Relay cursor connection of the staff's user listing.

@Directive('@shareable')
@ObjectType({ description: 'Where a page of a cursor connection ends' })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` for the next page; null on an empty page' })
  endCursor!: string | null;
}

@ObjectType()
export class UserEdge {
  @Field(() => String, { description: 'Opaque' })
  cursor!: string;

  @Field(() => User)
  node!: User;
}

@ObjectType({ description: 'Profiles, newest first' })
export class UserConnection {
  @Field(() => [UserEdge])
  edges!: UserEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many profiles match, over all pages' })
  totalCount!: number;
}
