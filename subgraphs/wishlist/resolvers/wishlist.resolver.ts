import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { WishlistContext } from '../context';
import { Wishlist } from '../entities/wishlist';
import { checkId } from '../../../runtime/validation';
import { wishlistIdFor } from '../store/wishlist-id';
import { emptyWishlist } from '../store/wishlist.store';

// Who may call what is decided in ../permissions.ts; the owner of "my" wishlist is always the verified caller.
@Resolver(() => Wishlist)
export class WishlistResolver {
  @Query(() => Wishlist, { description: "The signed-in caller's wishlist; empty when they never added anything" })
  myWishlist(@Ctx() context: WishlistContext): Promise<Wishlist> {
    return wishlistOf(context.identity!.accountId, context);
  }

  @Query(() => Wishlist, { description: "Any user's wishlist (staff); empty when they never added anything" })
  wishlist(@Arg('userId', () => ID) userId: string, @Ctx() context: WishlistContext): Promise<Wishlist> {
    checkId(userId, 'userId');
    return wishlistOf(userId, context);
  }

  @Mutation(() => Wishlist, { description: "Adds a product to the caller's wishlist; adding it again changes nothing" })
  async addToWishlist(@Arg('productId', () => ID) productId: string, @Ctx() context: WishlistContext): Promise<Wishlist> {
    checkId(productId, 'productId');
    const userId = context.identity!.accountId;
    const { wishlists } = context.stores;
    if ((await wishlists.add(userId, productId)) === 'full') {
      throw new DomainError('BAD_USER_INPUT', `A wishlist holds at most ${wishlists.maxItems} products; remove one to add another`, {
        field: 'productId',
        maxItems: wishlists.maxItems,
      });
    }
    return reloadWishlist(userId, context);
  }

  @Mutation(() => Wishlist, { description: "Removes a product from the caller's wishlist, if it is there" })
  async removeFromWishlist(@Arg('productId', () => ID) productId: string, @Ctx() context: WishlistContext): Promise<Wishlist> {
    checkId(productId, 'productId');
    const userId = context.identity!.accountId;
    await context.stores.wishlists.remove(userId, productId);
    return reloadWishlist(userId, context);
  }
}

async function wishlistOf(userId: string, { loaders }: WishlistContext): Promise<Wishlist> {
  return (await loaders.wishlistById.load(wishlistIdFor(userId))) ?? emptyWishlist(userId);
}

/** Reads after a write straight from the store: the request's loader may hold the wishlist as it was before. */
async function reloadWishlist(userId: string, { stores }: WishlistContext): Promise<Wishlist> {
  const [stored] = await stores.wishlists.findByIds([wishlistIdFor(userId)]);
  return stored ?? emptyWishlist(userId);
}

/** Only stored wishlists resolve; an id never written (or not a wishlist id at all) is null. */
export const resolveWishlistReference = (reference: EntityRef, { loaders }: WishlistContext) =>
  loaders.wishlistById.load(reference.id);
