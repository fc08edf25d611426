import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The catalog's Product as this subgraph sees it: its key, plus `inWishlist`, which WishlistProductResolver
 * contributes. Resolvable here, so the router can ask for that field by id.
 */
@Directive('@key(fields: "id")')
@ObjectType('Product')
export class WishlistProduct {
  @Field(() => ID)
  id!: string;
}
