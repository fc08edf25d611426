import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { WishlistContext } from '../context';
import { Wishlist } from '../entities/wishlist';
import { checkId } from '../../../runtime/validation';
import { wishlistIdFor } from '../store/wishlist-id';
import { emptyWishlist } from '../store/wishlist.store';

// Until caller identity arrives, the owner is an explicit argument.
@Resolver(() => Wishlist)
export class WishlistResolver {
  @Query(() => Wishlist, { description: "A user's wishlist; empty when they never added anything" })
  async wishlist(@Arg('userId', () => ID) userId: string, @Ctx() { loaders }: WishlistContext): Promise<Wishlist> {
    checkId(userId, 'userId');
    return (await loaders.wishlistById.load(wishlistIdFor(userId))) ?? emptyWishlist(userId);
  }

  @Mutation(() => Wishlist, { description: 'Adds a product to a wishlist; adding it again changes nothing' })
  async addToWishlist(
    @Arg('userId', () => ID) userId: string,
    @Arg('productId', () => ID) productId: string,
    @Ctx() context: WishlistContext,
  ): Promise<Wishlist> {
    checkId(userId, 'userId');
    checkId(productId, 'productId');
    const { wishlists } = context.stores;
    if ((await wishlists.add(userId, productId)) === 'full') {
      throw new DomainError('BAD_USER_INPUT', `A wishlist holds at most ${wishlists.maxItems} products; remove one to add another`, {
        field: 'productId',
        maxItems: wishlists.maxItems,
      });
    }
    return reloadWishlist(userId, context);
  }

  @Mutation(() => Wishlist, { description: 'Removes a product from a wishlist, if it is there' })
  async removeFromWishlist(
    @Arg('userId', () => ID) userId: string,
    @Arg('productId', () => ID) productId: string,
    @Ctx() context: WishlistContext,
  ): Promise<Wishlist> {
    checkId(userId, 'userId');
    checkId(productId, 'productId');
    await context.stores.wishlists.remove(userId, productId);
    return reloadWishlist(userId, context);
  }
}

/** Reads after a write straight from the store: the request's loader may hold the wishlist as it was before. */
async function reloadWishlist(userId: string, { stores }: WishlistContext): Promise<Wishlist> {
  const [stored] = await stores.wishlists.findByIds([wishlistIdFor(userId)]);
  return stored ?? emptyWishlist(userId);
}

/** Only stored wishlists resolve; an id never written (or not a wishlist id at all) is null. */
export const resolveWishlistReference = (reference: EntityRef, { loaders }: WishlistContext) =>
  loaders.wishlistById.load(reference.id);
