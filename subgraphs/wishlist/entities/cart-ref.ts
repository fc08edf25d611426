import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The cart subgraph's Cart, known here by its key only; the router fetches its lines from the cart subgraph. */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Cart')
export class CartRef {
  @Field(() => ID)
  id!: string;
}
