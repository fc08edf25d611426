import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { UserRef } from '../../../runtime/graphql/entity-refs';
import { WishlistProduct } from './wishlist-product';

@ObjectType({ description: 'A product someone wishes for, and when they added it' })
export class WishlistItem {
  @Field(() => WishlistProduct)
  product!: WishlistProduct;

  @Field(() => Date)
  addedAt!: Date;

  /** The account whose wishlist holds the item: not in the schema, read by the permissions. */
  ownerId!: string;
}

@Directive('@key(fields: "id")')
@ObjectType({ description: "A user's wishlist: one per user, empty until something is added" })
export class Wishlist {
  @Field(() => ID, { description: 'Derived from the owner, so it is the same before and after the first addition' })
  id!: string;

  @Field(() => ID)
  userId!: string;

  @Field(() => UserRef)
  owner!: UserRef;

  @Field(() => [WishlistItem], { description: 'In the order they were added' })
  items!: WishlistItem[];

  @Field(() => Int)
  itemCount!: number;
}
