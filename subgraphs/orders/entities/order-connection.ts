import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../runtime/graphql/page-info';
import { Order } from './order';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

// Relay cursor connection of order listings, newest first.

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType()
export class OrderEdge {
  @Field(() => String, { description: 'Opaque' })
  cursor!: string;

  @Field(() => Order)
  node!: Order;
}

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType({ description: 'Orders, newest first' })
export class OrderConnection {
  @Field(() => [OrderEdge])
  edges!: OrderEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many orders match, over all pages' })
  totalCount!: number;
}
