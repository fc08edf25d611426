import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { ProductRef } from '../../../runtime/graphql/entity-refs';

@ObjectType({ description: 'One product in a cart, with how many of it' })
export class CartLine {
  @Field(() => ProductRef)
  product!: ProductRef;

  @Field(() => Int)
  quantity!: number;

  /** The account that owns the line's cart (null for a guest cart): not in the schema, read by the permissions. */
  ownerId!: string | null;
}

@Directive('@key(fields: "id")')
@ObjectType({
  description:
    'A shopping cart, kept for a while after its last change. A guest cart belongs to whoever holds its id; ' +
    'a cart created by a signed-in customer belongs to that customer alone',
})
export class Cart {
  @Field(() => ID, { description: 'The cart token: of a guest cart, whoever holds it can use the cart' })
  id!: string;

  @Field(() => [CartLine])
  lines!: CartLine[];

  @Field(() => Int, { description: 'Total number of units across lines' })
  itemCount!: number;

  @Field(() => Date, { description: 'When the cart expires unless it changes again' })
  expiresAt!: Date;

  /** The account the cart is bound to, or null for a guest cart: not in the schema, read by the permissions. */
  ownerId!: string | null;
}
