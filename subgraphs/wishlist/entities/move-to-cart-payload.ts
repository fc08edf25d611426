import { Field, ObjectType } from 'type-graphql';
import { CartRef } from './cart-ref';
import { Wishlist } from './wishlist';

@ObjectType({ description: 'What moving a wishlist item to a cart left: the wishlist without it, and the cart that took it' })
export class MoveWishlistItemToCartPayload {
  @Field(() => Wishlist)
  wishlist!: Wishlist;

  @Field(() => CartRef)
  cart!: CartRef;
}
