import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { Money } from '../../../runtime/graphql/money';
import { CartProduct } from './product';

/** What `@requires` hands over for a line's product: the price the catalog holds right now. */
const CURRENT_PRICE = 'product { price { amountMinor currency } }';

/**
 * One product in a cart, with how many of it. An entity whose key is the line as it was read
 * (cart, product AND quantity), so the router's second call for the priced fields carries the same
 * snapshot: a concurrent change cannot pair one quantity with another line's price.
 */
@Directive('@key(fields: "cartId productId quantity")')
@ObjectType({ description: 'One product in a cart, with how many of it and what it costs now' })
export class CartLine {
  @Field(() => ID, { description: 'The cart this line belongs to' })
  cartId!: string;

  @Field(() => ID)
  productId!: string;

  @Field(() => CartProduct)
  product!: CartProduct;

  @Field(() => Int)
  quantity!: number;

  @Directive(`@requires(fields: "${CURRENT_PRICE}")`)
  @Field(() => Money, { description: "The product's current catalog price for one unit" })
  unitPrice?: Money;

  @Directive(`@requires(fields: "${CURRENT_PRICE}")`)
  @Field(() => Money, { description: 'Current unit price times quantity' })
  lineTotal?: Money;

  /** The account that owns the line's cart (null for a guest cart): not in the schema, read by the permissions. */
  ownerId!: string | null;
}

/**
 * The priced summary of a cart. A type of its own because `@requires` cannot ask for the cart's own
 * quantities: its key carries the lines (product and quantity) as the first call read them, and the
 * required prices arrive on those same lines, so the subtotal is computed from one consistent snapshot.
 */
@Directive('@key(fields: "cartId lines { productId quantity }")')
@ObjectType({ description: "A cart's totals at the catalog's current prices" })
export class CartTotals {
  @Field(() => ID)
  cartId!: string;

  @Directive('@inaccessible')
  @Field(() => [CartLine], { description: 'The lines the totals are computed from (internal: use Cart.lines)' })
  lines!: CartLine[];

  @Field(() => Int, { description: 'Total number of units across lines' })
  itemCount!: number;

  @Directive(`@requires(fields: "lines { ${CURRENT_PRICE} }")`)
  @Field(() => Money, { nullable: true, description: 'Sum of the line totals at current prices; null for an empty cart' })
  subtotal?: Money | null;

  /** As on CartLine: read by the permissions. */
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

  @Field(() => CartTotals, { description: 'Item count and subtotal at the current catalog prices' })
  totals?: CartTotals;

  @Field(() => Date, { description: 'When the cart expires unless it changes again' })
  expiresAt!: Date;

  /** The account the cart is bound to, or null for a guest cart: not in the schema, read by the permissions. */
  ownerId!: string | null;
}
