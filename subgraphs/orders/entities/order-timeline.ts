import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { OrderEventType } from '../domain/order-events';
import type { OrderActor } from '../domain/order-lifecycle';
import { OrderStatus } from './order-status';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

// The GraphQL enums of the domain's event types and actors; `satisfies` keeps them in step with the unions.
export const OrderEventKind = { ORDER_PLACED: 'ORDER_PLACED', STATUS_CHANGED: 'STATUS_CHANGED' } as const satisfies Record<OrderEventType, OrderEventType>;
export const OrderActorRole = { CUSTOMER: 'CUSTOMER', STAFF: 'STAFF' } as const satisfies Record<OrderActor, OrderActor>;

registerEnumType(OrderEventKind, {
  name: 'OrderEventType',
  description: "What an entry of an order's timeline records",
  valuesConfig: {
    ORDER_PLACED: { description: 'The customer placed the order (always the first entry)' },
    STATUS_CHANGED: { description: 'The order moved to another status' },
  },
});
registerEnumType(OrderActorRole, {
  name: 'OrderActor',
  description: 'In which capacity someone changed an order',
  valuesConfig: {
    CUSTOMER: { description: 'The customer who placed it' },
    STAFF: { description: "The shop's staff (an admin acts as staff)" },
  },
});

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType({ description: "One entry of an order's history, oldest first; entries are never changed" })
export class OrderTimelineEntry {
  @Field(() => Int, { description: '1 for the placing, then one more per change' })
  sequence!: number;

  @Field(() => OrderEventKind, { description: 'What the entry records' })
  kind!: OrderEventType;

  @Field(() => String, { description: 'ORDER_PLACED or STATUS_CHANGED', deprecationReason: 'Use `kind`: the same value, as the enum OrderEventType' })
  type!: string;

  @Field(() => OrderStatus, { description: 'The status the order reached' })
  status!: OrderStatus;

  @Field(() => OrderStatus, { nullable: true })
  previousStatus!: OrderStatus | null;

  @Field(() => OrderActorRole, { description: 'Who made the change' })
  actor!: OrderActor;

  @Field(() => String, { description: 'Who made the change: CUSTOMER or STAFF', deprecationReason: 'Use `actor`: the same value, as the enum OrderActor' })
  actorRole!: string;

  @Field(() => String, { nullable: true, description: 'Why, when the actor said (e.g. a cancellation reason)' })
  note!: string | null;

  @Field(() => Date)
  occurredAt!: Date;

  /** The order's customer: not in the schema, read by the permissions. */
  ownerId!: string;
}
