import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { signedIn } from '../../../runtime/auth/signed-in';
import { notFound } from '../../../runtime/errors';
import { check, checkId, isUuid } from '../../../runtime/validation';
import type { WishlistContext } from '../context';
import { GuestWishlist } from '../entities/guest-wishlist';
import { Wishlist } from '../entities/wishlist';
import { addToGuestWishlist, mergeGuestWishlist, removeFromGuestWishlist } from '../service/guest-wishlist';
import { reloadWishlist } from './wishlist.resolver';

const checkGuestWishlistId = (id: string, field: string) => check(isUuid(id), field, 'A guest wishlist id is the one createGuestWishlist answered');

/**
 * Wishlists before sign-in. A guest wishlist is a bearer object, as a guest cart is: whoever holds its id may read and
 * change it (../permissions.ts lets anyone call these). Signed in, `mergeGuestWishlist` moves it into the caller's own.
 */
@Resolver(() => GuestWishlist)
export class GuestWishlistResolver {
  @Query(() => GuestWishlist, { nullable: true, description: 'A guest wishlist by its token; null once it expired (or for a token never given)' })
  guestWishlist(@Arg('id', () => ID) id: string, @Ctx() { providers }: WishlistContext): Promise<GuestWishlist | null> {
    checkGuestWishlistId(id, 'id');
    return providers.guestWishlists.find(id);
  }

  @Mutation(() => GuestWishlist, { description: 'Starts an empty guest wishlist and returns its token (signed in or not)' })
  createGuestWishlist(@Ctx() { providers }: WishlistContext): Promise<GuestWishlist> {
    return providers.guestWishlists.create();
  }

  @Mutation(() => GuestWishlist, {
    description:
      'Adds a product to a guest wishlist; adding it again changes nothing. NOT_FOUND once it expired; CONFLICT (reason GUEST_WISHLIST_MERGED) once it was merged',
  })
  addToGuestWishlist(
    @Arg('guestWishlistId', () => ID) guestWishlistId: string,
    @Arg('productId', () => ID) productId: string,
    @Ctx() { providers }: WishlistContext,
  ): Promise<GuestWishlist> {
    return changed(guestWishlistId, productId, addToGuestWishlist, providers);
  }

  @Mutation(() => GuestWishlist, { description: 'Removes a product from a guest wishlist, if it is there; refused as addToGuestWishlist is' })
  removeFromGuestWishlist(
    @Arg('guestWishlistId', () => ID) guestWishlistId: string,
    @Arg('productId', () => ID) productId: string,
    @Ctx() { providers }: WishlistContext,
  ): Promise<GuestWishlist> {
    return changed(guestWishlistId, productId, removeFromGuestWishlist, providers);
  }

  @Mutation(() => Wishlist, {
    description:
      "Signed in: moves a guest wishlist's products into the caller's wishlist (one entry per product: one already there keeps its date; " +
      'past the maximum size the rest are left out) and closes the guest wishlist. Merging again, or from another tab at once, ' +
      "changes nothing more; a guest wishlist expired or merged into another account merges nothing. Answers the caller's wishlist",
  })
  async mergeGuestWishlist(@Arg('guestWishlistId', () => ID) guestWishlistId: string, @Ctx() context: WishlistContext): Promise<Wishlist> {
    checkGuestWishlistId(guestWishlistId, 'guestWishlistId');
    const accountId = signedIn(context.identity).accountId;
    await mergeGuestWishlist(guestWishlistId, accountId, context.providers);
    return reloadWishlist(accountId, context);
  }
}

type GuestWishlistChange = (guestWishlistId: string, productId: string, providers: WishlistContext['providers']) => Promise<void>;

/** Checks the ids, makes the change and answers the guest wishlist after it (gone only if it expired, or the sweeper took it, meanwhile). */
async function changed(id: string, productId: string, change: GuestWishlistChange, providers: WishlistContext['providers']): Promise<GuestWishlist> {
  checkGuestWishlistId(id, 'guestWishlistId');
  checkId(productId, 'productId');
  await change(id, productId, providers);
  const found = await providers.guestWishlists.find(id);
  if (!found) throw notFound('GuestWishlist', id, 'guestWishlistId');
  return found;
}
