import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { WishlistContext } from '../context';
import { WishlistProduct } from '../entities/wishlist-product';
import { wishlistIdFor } from '../store/wishlist-id';

/** The field this subgraph contributes to the catalog's Product. */
@Resolver(() => WishlistProduct)
export class WishlistProductResolver {
  // Nullable on purpose: while this subgraph cannot answer, the router gives null with an error naming it, and the
  // product list around it still stands.
  @FieldResolver(() => Boolean, {
    nullable: true,
    description: "Whether the signed-in caller's wishlist holds the product; false when anonymous, null when the wishlist cannot answer",
  })
  wishlisted(@Root() product: WishlistProduct, @Ctx() context: WishlistContext): Promise<boolean> | boolean {
    return isWished(product, context);
  }

  @FieldResolver(() => Boolean, {
    description: "Whether the signed-in caller's wishlist holds the product; false when anonymous",
    deprecationReason: 'Use `wishlisted`: this field cannot be null, so while the wishlist is down it fails the whole product',
  })
  inWishlist(@Root() product: WishlistProduct, @Ctx() context: WishlistContext): Promise<boolean> | boolean {
    return isWished(product, context);
  }
}

function isWished(product: WishlistProduct, { identity, loaders, cacheTags, cachePolicy }: WishlistContext): Promise<boolean> | boolean {
  if (!identity) return false;
  // The answer is this caller's: a response holding it may only be cached for them, until their wishlist changes.
  cachePolicy.restrict({ scope: 'PRIVATE' });
  cacheTags.read('Wishlist', wishlistIdFor(identity.accountId));
  return loaders.inWishlist.load({ userId: identity.accountId, productId: product.id });
}

/** Any product id is a product here: whether it is wished for is all this subgraph knows of it. */
export const resolveProductReference = (reference: EntityRef): WishlistProduct => ({ id: reference.id });
