import { Field, ID, Int, ObjectType } from 'type-graphql';
import { WishlistProduct } from './wishlist-product';

@ObjectType({ description: 'A product a guest wishes for, and when they added it' })
export class GuestWishlistItem {
  // Nullable, unlike WishlistItem.product: while the catalog cannot answer for a product, the rest of the list stands.
  @Field(() => WishlistProduct, { nullable: true, description: "The product, with the catalog's fields; null while the catalog cannot answer for it" })
  product!: WishlistProduct;

  @Field(() => Date)
  addedAt!: Date;
}

// No cache hint: a guest wishlist changes under its token, so answers holding one are never cached.
@ObjectType({
  description:
    "A wishlist kept before sign-in, as a guest cart is: its id is the token, and whoever holds it may read and change it. Merged into the account's wishlist on sign-in (`mergeGuestWishlist`)",
})
export class GuestWishlist {
  @Field(() => ID, { description: 'The token: keep it on the device, and send it to `mergeGuestWishlist` right after sign-in' })
  id!: string;

  @Field(() => [GuestWishlistItem], { description: 'In the order they were added; none once merged' })
  items!: GuestWishlistItem[];

  @Field(() => Int)
  itemCount!: number;

  @Field(() => Boolean, {
    description:
      "Merged into an account's wishlist on sign-in: its products are there now, and it takes no more changes (CONFLICT, reason GUEST_WISHLIST_MERGED)",
  })
  merged!: boolean;

  @Field(() => Date, { description: 'When it goes unless it changes before (30 days after its last change)' })
  expiresAt!: Date;
}
