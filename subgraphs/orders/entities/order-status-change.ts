import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Order } from './order';
import { OrderStatus } from './order-status';

/**
 * One change of an order's status as live updates report it (served by the router, one per event). What it
 * says of the change comes from the event itself, so it holds however quickly the order moves on; `order` is
 * the order as it is when the event is delivered, null (with errors under it) when it could not all be read.
 */
@ObjectType({ description: "One change of an order's status, as it happened; `order` is the order as it is now" })
export class OrderStatusChange {
  @Field(() => ID)
  orderId!: string;

  @Field(() => OrderStatus, { description: 'The status the order reached by this change' })
  status!: OrderStatus;

  @Field(() => OrderStatus, { nullable: true, description: 'The status before it; null when the order was just placed' })
  previousStatus!: OrderStatus | null;

  @Field(() => Int, { description: "The change's place in the order's history (its timeline's sequence): 1 for the placing, then one more per change" })
  sequence!: number;

  @Field(() => Date, { description: 'When the change happened' })
  changedAt!: Date;

  @Field(() => String, {
    description: 'Where the change sits in the log of every order (opaque): `orderChanges(after:)` and `orderChangesAfter(after:)` resume after it',
  })
  cursor!: string;

  @Field(() => Order, {
    nullable: true,
    description: 'The order as it is when the change is delivered (it may have moved on since); null, with errors saying why, when it could not be read',
  })
  order!: Order | null;

  /** The order's customer: not in the schema, read by the permissions. */
  ownerId?: string;
}

/** Changes of every order after a cursor, oldest first: what a resumed staff feed replays. */
@ObjectType({ description: 'Changes of every order after a cursor, in the order they were committed' })
export class OrderChangeLog {
  @Field(() => [OrderStatusChange])
  changes!: OrderStatusChange[];

  @Field(() => String, { description: 'The cursor of the last change; the cursor asked after when there is none: resume after it' })
  endCursor!: string;

  @Field(() => Boolean, { description: 'More changes follow: ask again after endCursor' })
  hasMore!: boolean;
}
