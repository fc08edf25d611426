import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { DomainError } from '../../../runtime/errors';
import type { EntityRef } from '../../../runtime/graphql/entity-ref';
import type { WishlistContext } from '../context';
import { MoveWishlistItemToCartPayload } from '../entities/move-to-cart-payload';
import { Wishlist } from '../entities/wishlist';
import { checkId } from '../../../runtime/validation';
import { wishlistIdFor } from '../store/wishlist-id';
import { emptyWishlist } from '../store/wishlist.store';
import { signedIn } from '../../../runtime/auth/signed-in';
import { wishlistFull } from '../service/guest-wishlist';

// Who may call what is decided in ../permissions.ts; the owner of "my" wishlist is always the verified caller.
@Resolver(() => Wishlist)
export class WishlistResolver {
  @Query(() => Wishlist, { description: "The signed-in caller's wishlist; empty when they never added anything" })
  myWishlist(@Ctx() context: WishlistContext): Promise<Wishlist> {
    return wishlistOf(signedIn(context.identity).accountId, context);
  }

  @Query(() => Wishlist, { description: "Any user's wishlist (staff); empty when they never added anything" })
  wishlist(@Arg('userId', () => ID) userId: string, @Ctx() context: WishlistContext): Promise<Wishlist> {
    checkId(userId, 'userId');
    return wishlistOf(userId, context);
  }

  @Mutation(() => Wishlist, { description: "Adds a product to the caller's wishlist; adding it again changes nothing" })
  async addToWishlist(@Arg('productId', () => ID) productId: string, @Ctx() context: WishlistContext): Promise<Wishlist> {
    checkId(productId, 'productId');
    const userId = signedIn(context.identity).accountId;
    const { wishlists } = context.providers;
    if ((await wishlists.add(userId, productId)) === 'full') throw wishlistFull(wishlists.maxItems);
    return reloadWishlist(userId, context);
  }

  @Mutation(() => Wishlist, { description: "Removes a product from the caller's wishlist, if it is there" })
  async removeFromWishlist(@Arg('productId', () => ID) productId: string, @Ctx() context: WishlistContext): Promise<Wishlist> {
    checkId(productId, 'productId');
    const userId = signedIn(context.identity).accountId;
    await context.providers.wishlists.remove(userId, productId);
    return reloadWishlist(userId, context);
  }

  @Mutation(() => MoveWishlistItemToCartPayload, {
    description:
      "Puts one unit of a wished product in the caller's cart (`cartId`, else their latest cart, else a new one) and " +
      'then takes it off the wishlist. When the cart refuses (OUT_OF_STOCK, NOT_FOUND, FORBIDDEN…) its error is returned and nothing changes',
  })
  async moveWishlistItemToCart(
    @Arg('productId', () => ID) productId: string,
    @Arg('cartId', () => ID, { nullable: true }) cartId: string | null | undefined,
    @Ctx() context: WishlistContext,
  ): Promise<MoveWishlistItemToCartPayload> {
    checkId(productId, 'productId');
    if (cartId != null) checkId(cartId, 'cartId');
    const identity = signedIn(context.identity);
    const { wishlists, cart } = context.providers;
    if (!(await wishlists.contains(identity.accountId, productId))) {
      throw new DomainError('NOT_FOUND', `Product ${productId} is not in your wishlist`, { field: 'productId', id: productId });
    }
    const caller = { authorization: context.callerAuthorization!, requestId: context.requestId, cacheTags: context.cacheTags };
    // The cart first: if it refuses (or cannot be reached) the item stays wished for. Should the removal below
    // fail after the cart took the line, the product is in both, which a retry cannot duplicate in the wishlist.
    const movedTo = await cart.addOne(caller, cartId ?? null, productId);
    await wishlists.remove(identity.accountId, productId);
    return { wishlist: await reloadWishlist(identity.accountId, context), cart: { id: movedTo } };
  }
}

async function wishlistOf(userId: string, { loaders, cacheTags }: WishlistContext): Promise<Wishlist> {
  cacheTags.read('Wishlist', wishlistIdFor(userId));
  return (await loaders.wishlistById.load(wishlistIdFor(userId))) ?? emptyWishlist(userId);
}

/**
 * Reads after a write straight from the store: the request's loader may hold the wishlist as it was before.
 * The write changed this wishlist, and only it (cache tags: every answer that shows it reads its tag).
 */
export async function reloadWishlist(userId: string, { providers, cacheTags }: WishlistContext): Promise<Wishlist> {
  cacheTags.changed('Wishlist', wishlistIdFor(userId));
  const [stored] = await providers.wishlists.findByIds([wishlistIdFor(userId)]);
  return stored ?? emptyWishlist(userId);
}

/** Only stored wishlists resolve; an id never written (or not a wishlist id at all) is null. */
export const resolveWishlistReference = (reference: EntityRef, { loaders }: WishlistContext) => loaders.wishlistById.load(reference.id);
