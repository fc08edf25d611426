import type { ObjectId } from 'mongodb';

/** The `wishlists` collection: one document per user, written once, when the first item is added. */
export interface WishlistDocument {
  /** wishlistIdFor(userId) */
  _id: string;
  userId: string;
  createdAt: Date;
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
