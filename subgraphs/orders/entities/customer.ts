import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { OrderConnection } from './order-connection';

/** The users subgraph's User, to which the orders subgraph contributes the customer's orders. */
@Directive('@key(fields: "id")')
@ObjectType('User')
export class Customer {
  @Field(() => ID)
  id!: string;

  @Field(() => OrderConnection, { description: "The customer's orders, newest first (to the customer and to staff)" })
  orders?: OrderConnection;
}
