import { DomainError, notFound } from '../../../runtime/errors';
import type { WishlistProviders } from '../context';
import type { GuestWishlistStore } from '../store/guest-wishlist.store';
import type { WishlistItemDocument } from '../store/wishlist.document';

type Stores = Pick<WishlistProviders, 'wishlists' | 'guestWishlists'>;

export const guestWishlistMerged = () =>
  new DomainError('CONFLICT', 'This guest wishlist was merged into an account on sign-in; sign in to see and change it', {
    field: 'guestWishlistId',
    reason: 'GUEST_WISHLIST_MERGED',
  });

export const wishlistFull = (maxItems: number) =>
  new DomainError('BAD_USER_INPUT', `A wishlist holds at most ${maxItems} products; remove one to add another`, { field: 'productId', maxItems });

/** Refuses a change to a guest wishlist that was merged (CONFLICT) or is gone (NOT_FOUND). */
async function assertChangeable(guests: GuestWishlistStore, id: string): Promise<void> {
  const state = await guests.state(id);
  if (state.kind === 'merged') throw guestWishlistMerged();
  if (state.kind === 'missing') throw notFound('GuestWishlist', id, 'guestWishlistId');
}

/**
 * Adds a product to a guest wishlist. A merge that began meanwhile may have read the list before this item was
 * in it: the item then follows the merge into the account (the add happened before the merge ended, so it counts).
 */
export async function addToGuestWishlist(id: string, productId: string, stores: Stores): Promise<void> {
  const { guestWishlists: guests } = stores;
  await assertChangeable(guests, id);
  if ((await guests.addItem(id, productId)) === 'full') throw wishlistFull(guests.maxItems);
  const state = await guests.state(id);
  if (state.kind !== 'merged') return;
  const item = await guests.itemOf(id, productId);
  if (item) await moveItem(id, item, state.accountId, stores);
}

export async function removeFromGuestWishlist(id: string, productId: string, { guestWishlists: guests }: Stores): Promise<void> {
  await assertChangeable(guests, id);
  await guests.removeItem(id, productId);
}

/**
 * Moves a guest wishlist's products into `accountId`'s wishlist, once: the first merge claims the list for the
 * account; a repeated or concurrent merge by the same account moves whatever is still there, and the unique index
 * of wishlist items keeps one entry per product (one the account had already keeps its date). A list merged into
 * another account, expired or never made merges nothing. Products past the wishlist's maximum are left out.
 */
export async function mergeGuestWishlist(id: string, accountId: string, stores: Stores): Promise<void> {
  const claim = await stores.guestWishlists.claimMerge(id, accountId);
  if (claim === 'missing' || claim === 'not-ours') return;
  for (const item of await stores.guestWishlists.itemsOf(id)) await moveItem(id, item, accountId, stores);
  await stores.guestWishlists.deleteList(id);
}

/** Into the account's wishlist first, then off the guest's: a failure between leaves it in both, and a retry moves it once. */
async function moveItem(id: string, item: WishlistItemDocument, accountId: string, { wishlists, guestWishlists }: Stores): Promise<void> {
  await wishlists.add(accountId, item.productId, item.addedAt);
  await guestWishlists.dropItem(id, item.productId);
}
