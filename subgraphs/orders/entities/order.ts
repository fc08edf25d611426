import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Money } from '../../../runtime/graphql/money';
import { OrderStatus } from './order-status';
import { ProductRef, UserRef } from '../../../runtime/graphql/entity-refs';

@ObjectType({ description: 'One product of an order, as it was when ordered' })
export class OrderLine {
  @Field(() => ID)
  id!: string;

  @Field(() => ProductRef, { description: 'The product as the catalog has it now' })
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

@Directive('@key(fields: "id")')
@ObjectType({ description: "A customer's order" })
export class Order {
  @Field(() => ID)
  id!: string;

  @Field(() => UserRef, { description: 'Who placed it' })
  user!: UserRef;

  @Field(() => OrderStatus)
  status!: OrderStatus;

  @Field(() => [OrderLine])
  lines?: OrderLine[];

  @Field(() => Money)
  subtotal!: Money;

  @Field(() => Date)
  createdAt!: Date;
}
