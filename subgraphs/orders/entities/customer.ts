import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

/** The users subgraph's User, to which the orders subgraph contributes the customer's orders. */
@CacheHint(SHOP_WINDOW_MAX_AGE, 'PRIVATE')
@Directive('@key(fields: "id")')
@ObjectType('User')
export class Customer {
  @Field(() => ID)
  id!: string;
}
