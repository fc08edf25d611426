import { findByIds, insertUnlessPresent } from '../../../runtime/stores/mongo';
import { ObjectId, type Collection, type Db } from 'mongodb';
import type { Wishlist } from '../entities/wishlist';
import type { WishlistDocument, WishlistEntry, WishlistItemDocument } from './wishlist.document';
import { wishlistIdFor } from './wishlist-id';

export type AddOutcome = 'added' | 'already-there' | 'full';

const MAX_SYNC_ROUNDS = 20;

/**
 * Wishlists on the MongoDB wire protocol, relying only on what FerretDB does atomically: inserts checked by unique
 * indexes. The items are the truth; each wishlist document keeps a copy of them, because FerretDB answers a query
 * by `wishlistId` by scanning every wishlist's items (it uses an index for `_id` only), and a signed-in shopper's
 * every product page asks which of its products they wished for. Every writer rewrites the copy from the items
 * after its own change and reads both again until they agree, so when the writers are done the copy is the items,
 * whatever order their updates (not atomic on FerretDB) landed in.
 */
export class WishlistStore {
  private readonly wishlists: Collection<WishlistDocument>;
  private readonly items: Collection<WishlistItemDocument>;

  constructor(
    db: Db,
    /** Most products one wishlist holds. */
    readonly maxItems: number,
  ) {
    this.wishlists = db.collection<WishlistDocument>('wishlists');
    this.items = db.collection<WishlistItemDocument>('wishlist_items');
  }

  async ensureIndexes(): Promise<void> {
    await this.wishlists.createIndex({ userId: 1 }, { unique: true, name: 'userId_unique' });
    await this.items.createIndex({ wishlistId: 1, productId: 1 }, { unique: true, name: 'wishlist_product_unique' });
    await this.items.createIndex({ wishlistId: 1, addedAt: 1 }, { name: 'wishlist_oldest' });
  }

  /** Stored wishlists with their items, for DataLoader; ids never written simply match nothing. */
  async findByIds(ids: readonly string[]): Promise<Wishlist[]> {
    const stored = await findByIds(this.wishlists, ids);
    return Promise.all(stored.map(async (document) => toWishlist(document.userId, document.items ?? (await this.storedItems(document._id)))));
  }

  /**
   * Adds a product once, whatever the concurrency: both the wishlist and the item are plain inserts that a
   * unique index turns into no-ops when they already exist. The size limit is checked before the insert, so
   * concurrent adds at the limit can pass it by a few; it bounds the list, it is not an invariant. `addedAt` is
   * when the product was wished for: now, or earlier for one a guest wishlist brings in.
   */
  async add(userId: string, productId: string, addedAt = new Date()): Promise<AddOutcome> {
    const wishlistId = wishlistIdFor(userId);
    const stored = await this.itemsOf(wishlistId);
    // The wishlist is stored before its first item, so a stored item always has its wishlist.
    if (!stored) await insertUnlessPresent(this.wishlists, { _id: wishlistId, userId, createdAt: new Date() });
    const items = stored ?? [];
    if (items.length >= this.maxItems) return items.some((item) => item.productId === productId) ? 'already-there' : 'full';
    const inserted = await insertUnlessPresent(this.items, { _id: new ObjectId(), wishlistId, productId, addedAt });
    // Also when it was there already: this may be the retry of an add that stopped before its copy.
    await this.syncItems(wishlistId);
    return inserted ? 'added' : 'already-there';
  }

  /** Which of `productIds` the user's wishlist holds: one look-up by `_id` for a whole page of products. */
  async wishedAmong(userId: string, productIds: readonly string[]): Promise<Set<string>> {
    if (productIds.length === 0) return new Set();
    const wished = await this.wishedProductIds(wishlistIdFor(userId));
    return new Set(productIds.filter((productId) => wished.has(productId)));
  }

  async contains(userId: string, productId: string): Promise<boolean> {
    return (await this.wishedProductIds(wishlistIdFor(userId))).has(productId);
  }

  /** Removes a product; removing one that is not there changes nothing. */
  async remove(userId: string, productId: string): Promise<void> {
    const wishlistId = wishlistIdFor(userId);
    await this.items.deleteOne({ wishlistId, productId });
    await this.syncItems(wishlistId);
  }

  private async wishedProductIds(wishlistId: string): Promise<Set<string>> {
    return new Set(((await this.itemsOf(wishlistId)) ?? []).map((item) => item.productId));
  }

  /**
   * The wishlist's items, read by `_id` from its copy (from the items themselves for a wishlist stored before the
   * copy was kept); null when the wishlist is not stored, so holds no item (see add).
   */
  private async itemsOf(wishlistId: string): Promise<WishlistEntry[] | null> {
    const document = await this.wishlists.findOne({ _id: wishlistId }, { projection: { items: 1 } });
    if (!document) return null;
    return document.items ?? this.storedItems(wishlistId);
  }

  /** The wishlist's items as stored, oldest first: the truth the copy follows (a scan of every item on FerretDB). */
  private async storedItems(wishlistId: string): Promise<WishlistEntry[]> {
    const items = await this.items.find({ wishlistId }).sort({ addedAt: 1, _id: 1 }).toArray();
    return items.map(({ productId, addedAt }) => ({ productId, addedAt }));
  }

  /** Makes the wishlist's copy of its items match them (see the class comment). */
  private async syncItems(wishlistId: string): Promise<void> {
    for (let round = 0; round < MAX_SYNC_ROUNDS; round += 1) {
      const [items, document] = await Promise.all([this.storedItems(wishlistId), this.wishlists.findOne({ _id: wishlistId }, { projection: { items: 1 } })]);
      if (!document || sameItems(document.items, items)) return;
      await this.wishlists.updateOne({ _id: wishlistId }, { $set: { items } });
    }
  }
}

const sameItems = (copy: WishlistEntry[] | undefined, items: WishlistEntry[]) =>
  copy !== undefined &&
  copy.length === items.length &&
  copy.every((entry, index) => entry.productId === items[index].productId && entry.addedAt.getTime() === items[index].addedAt.getTime());

/** The wishlist of a user who never added anything: not stored, so reading never writes. */
export function emptyWishlist(userId: string): Wishlist {
  return toWishlist(userId, []);
}

function toWishlist(userId: string, items: WishlistEntry[]): Wishlist {
  return {
    id: wishlistIdFor(userId),
    userId,
    owner: { id: userId },
    items: items.map((item) => ({ product: { id: item.productId }, addedAt: item.addedAt, ownerId: userId })),
    itemCount: items.length,
  };
}
