import { maybeCacheControlFromInfo } from '@apollo/cache-control-types';
import type { GraphQLResolveInfo } from 'graphql';
import { Ctx, FieldResolver, Info, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { WishlistContext } from '../context';
import { WishlistProduct } from '../entities/wishlist-product';
import { wishlistIdFor } from '../store/wishlist-id';

/** The field this subgraph contributes to the catalog's Product. */
@Resolver(() => WishlistProduct)
export class WishlistProductResolver {
  @FieldResolver(() => Boolean, { description: "Whether the signed-in caller's wishlist holds the product; false when anonymous" })
  inWishlist(@Root() product: WishlistProduct, @Ctx() { identity, loaders, cacheTags }: WishlistContext, @Info() info: GraphQLResolveInfo): Promise<boolean> | boolean {
    if (!identity) return false;
    // The answer is this caller's: a response holding it may only be cached for them, until their wishlist changes.
    maybeCacheControlFromInfo(info)?.cacheHint.restrict({ scope: 'PRIVATE' });
    cacheTags.read('Wishlist', wishlistIdFor(identity.accountId));
    return loaders.inWishlist.load({ userId: identity.accountId, productId: product.id });
  }
}

/** Any product id is a product here: whether it is wished for is all this subgraph knows of it. */
export const resolveProductReference = (reference: EntityRef): WishlistProduct => ({ id: reference.id });
