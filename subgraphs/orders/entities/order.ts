import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ProductRef } from '../../../runtime/graphql/entity-refs';
import { Customer } from './customer';
import { Money } from '../../../runtime/graphql/money';
import { OrderDelivery } from './order-delivery';
import { OrderStatus } from './order-status';
import { OrderTimelineEntry } from './order-timeline';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@ObjectType({ description: 'One product of an order, as it was when ordered' })
export class OrderLine {
  @Field(() => ID)
  id!: string;

  @Field(() => ProductRef, {
    description: 'The product as the catalog has it now',
    deprecationReason: 'Use `currentProduct`: this field cannot be null, so while the catalog is down it fails the whole order',
  })
  product!: ProductRef;

  @Field(() => String, { description: 'The product name when ordered' })
  productName!: string;

  @Field(() => Money, { description: 'The unit price when ordered' })
  unitPrice!: Money;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Money)
  lineTotal!: Money;

  /** The account that placed the line's order: not in the schema, read by the permissions. */
  ownerId!: string;
}

@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@Directive('@key(fields: "id")')
@ObjectType({ description: "A customer's order" })
export class Order {
  @Field(() => ID)
  id!: string;

  @Field(() => Customer, {
    description: 'Who placed it',
    deprecationReason: 'Use `customer`: this field cannot be null, so while the users service is down it fails the whole order',
  })
  user!: Customer;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => [OrderStatus], { description: 'The statuses the caller may move the order to now (empty when none)' })
  nextStatuses?: OrderStatus[];

  @Field(() => [OrderLine])
  lines?: OrderLine[];

  @Field(() => Money, { description: 'The lines at the prices when ordered' })
  subtotal!: Money;

  @Field(() => Money)
  deliveryFee!: Money;

  @Field(() => Money, { description: 'Subtotal plus delivery' })
  total!: Money;

  @Field(() => OrderDelivery, { nullable: true, description: 'Null only for orders placed before checkout had delivery details' })
  delivery!: OrderDelivery | null;

  @Field(() => String, { nullable: true, description: 'The card that goes with the flowers' })
  giftMessage!: string | null;

  @Field(() => [OrderTimelineEntry], { description: 'What happened to the order, oldest first' })
  timeline?: OrderTimelineEntry[];

  @Field(() => Date, { description: 'When it was placed' })
  createdAt!: Date;

  @Field(() => Date, { description: 'When its status last changed' })
  updatedAt!: Date;
}
