import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { Money } from '../../../runtime/graphql/money';

/**
 * The catalog's Product as the cart knows it: its key, and its price declared `@external` so cart fields
 * can `@requires` it. The router fetches the CURRENT price from the catalog for every query that asks for a
 * line price or a total; the cart stores no prices at all.
 */
@Directive('@key(fields: "id", resolvable: false)')
@ObjectType('Product')
export class CartProduct {
  @Field(() => ID)
  id!: string;

  @Directive('@external')
  @Field(() => Money)
  price?: Money;
}
