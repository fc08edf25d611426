import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

/**
 * The catalog's Product as this subgraph sees it: its key, plus `wishlisted` (and the deprecated `inWishlist`), which WishlistProductResolver
 * contributes. Resolvable here, so the router can ask for that field by id.
 */
// Public for anonymous callers (always false); `wishlisted` narrows a signed-in caller's answer to PRIVATE.
@CacheHint(SHOP_WINDOW_MAX_AGE)
@Directive('@key(fields: "id")')
@ObjectType('Product')
export class WishlistProduct {
  @Field(() => ID)
  id!: string;
}
