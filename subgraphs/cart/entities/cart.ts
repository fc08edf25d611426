import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ProductRef } from '../../../runtime/graphql/entity-refs';

@ObjectType({ description: 'One product in a cart, with how many of it' })
export class CartLine {
  @Field(() => ProductRef)
  product!: ProductRef;

  @Field(() => Int)
  quantity!: number;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: 'A shopping cart, kept for a while after its last change' })
export class Cart {
  @Field(() => ID, { description: 'The cart token; whoever holds it can use the cart' })
  id!: string;

  @Field(() => [CartLine])
  lines!: CartLine[];

  @Field(() => Int, { description: 'Total number of units across lines' })
  itemCount!: number;

  @Field(() => Date, { description: 'When the cart expires unless it changes again' })
  expiresAt!: Date;
}
