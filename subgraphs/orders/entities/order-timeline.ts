import { Field, Int, ObjectType } from 'type-graphql';
import { OrderStatus } from './order-status';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType({ description: "One entry of an order's history, oldest first; entries are never changed" })
export class OrderTimelineEntry {
  @Field(() => Int, { description: '1 for the placing, then one more per change' })
  sequence!: number;

  @Field(() => String, { description: 'ORDER_PLACED or STATUS_CHANGED' })
  type!: string;

  @Field(() => OrderStatus, { description: 'The status the order reached' })
  status!: OrderStatus;

  @Field(() => OrderStatus, { nullable: true })
  previousStatus!: OrderStatus | null;

  @Field(() => String, { description: 'Who made the change: CUSTOMER or STAFF' })
  actorRole!: string;

  @Field(() => String, { nullable: true, description: 'Why, when the actor said (e.g. a cancellation reason)' })
  note!: string | null;

  @Field(() => Date)
  occurredAt!: Date;

  /** The order's customer: not in the schema, read by the permissions. */
  ownerId!: string;
}
