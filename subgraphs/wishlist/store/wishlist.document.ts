import type { ObjectId } from 'mongodb';

/** The `wishlists` collection: one document per user, stored when the first item is added. */
export interface WishlistDocument {
  /** wishlistIdFor(userId) */
  _id: string;
  userId: string;
  createdAt: Date;
  /**
   * A copy of its items in the list's order (oldest first), for reading by `_id` (see WishlistStore); absent until
   * the first change of a wishlist stored before the copy was kept.
   */
  items?: WishlistEntry[];
}

/** One wished product as the wishlist document's copy holds it. */
export interface WishlistEntry {
  productId: string;
  addedAt: Date;
}

/**
 * The `wishlist_items` collection: one document per wished product. Items live in their own documents,
 * not in an array of the wishlist, because FerretDB 1.x applies updates as read-modify-write without
 * isolation (concurrent `$push`es get lost or duplicated); inserts guarded by a unique index are atomic.
 */
export interface WishlistItemDocument {
  _id: ObjectId;
  wishlistId: string;
  productId: string;
  addedAt: Date;
}

/**
 * The `guest_wishlists` collection: one document per guest wishlist, made by `createGuestWishlist`. Its items are
 * `wishlist_items` under its id (a UUID, never a user wishlist's id). It lives while it changes: it goes once
 * `changedAt` is older than the guest wishlists' time to live.
 */
export interface GuestWishlistDocument {
  /** The guest's token: whoever holds it may read and change the list. */
  _id: string;
  createdAt: Date;
  changedAt: Date;
}

/**
 * The `guest_wishlist_merges` collection: which account a guest wishlist was merged into. Inserted once (its `_id`
 * is the guest wishlist's): the first merge claims the list for its account, and every later or concurrent merge
 * of it reads who did. Kept as long as a guest wishlist lives, so a stale tab learns that its list moved.
 */
export interface GuestWishlistMergeDocument {
  _id: string;
  accountId: string;
  mergedAt: Date;
}
