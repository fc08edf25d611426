import { randomUUID } from 'node:crypto';
import { ObjectId, type Collection, type Db } from 'mongodb';
import { insertUnlessPresent } from '../../../runtime/stores/mongo';
import type { GuestWishlist } from '../entities/guest-wishlist';
import type { GuestWishlistDocument, GuestWishlistMergeDocument, WishlistItemDocument } from './wishlist.document';
import type { AddOutcome } from './wishlist.store';

/** A guest wishlist goes this long after its last change (or after its merge, for the record of it). */
export const GUEST_WISHLIST_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Where a guest wishlist stands: in use, merged into an account (by `accountId`), or gone (expired, or never made). */
export type GuestWishlistState = { kind: 'live'; changedAt: Date } | { kind: 'merged'; accountId: string; mergedAt: Date } | { kind: 'missing' };

/** What claiming a guest wishlist for a merge found: claimed now, claimed before by the same account, someone else's, or nothing. */
export type MergeClaim = 'claimed' | 'again' | 'not-ours' | 'missing';

/**
 * Guest wishlists on the MongoDB wire protocol. As for users' wishlists, only inserts checked by unique indexes are
 * relied on (FerretDB has no transactions and does not isolate updates): items are documents of their own, and the
 * merge into an account is claimed by inserting its record, which only the first merge of a list can do.
 */
export class GuestWishlistStore {
  private readonly lists: Collection<GuestWishlistDocument>;
  private readonly merges: Collection<GuestWishlistMergeDocument>;
  private readonly items: Collection<WishlistItemDocument>;

  constructor(
    db: Db,
    /** Most products one guest wishlist holds (WISHLIST_MAX_ITEMS, as for an account's). */
    readonly maxItems: number,
    readonly ttlMs = GUEST_WISHLIST_TTL_MS,
  ) {
    this.lists = db.collection<GuestWishlistDocument>('guest_wishlists');
    this.merges = db.collection<GuestWishlistMergeDocument>('guest_wishlist_merges');
    // The users' items collection: its unique (wishlistId, productId) index keeps one entry per product here too.
    this.items = db.collection<WishlistItemDocument>('wishlist_items');
  }

  async ensureIndexes(): Promise<void> {
    await this.lists.createIndex({ changedAt: 1 }, { name: 'changed_oldest' });
    await this.merges.createIndex({ mergedAt: 1 }, { name: 'merged_oldest' });
  }

  /** A new, empty guest wishlist; its id is the guest's token. */
  async create(): Promise<GuestWishlist> {
    const now = new Date();
    const document: GuestWishlistDocument = { _id: randomUUID(), createdAt: now, changedAt: now };
    await this.lists.insertOne(document);
    return this.toGuestWishlist(document._id, { kind: 'live', changedAt: now }, []);
  }

  async state(id: string): Promise<GuestWishlistState> {
    const [merge, list] = await Promise.all([this.merges.findOne({ _id: id }), this.lists.findOne({ _id: id })]);
    if (merge) return { kind: 'merged', accountId: merge.accountId, mergedAt: merge.mergedAt };
    if (list && list.changedAt.getTime() > Date.now() - this.ttlMs) return { kind: 'live', changedAt: list.changedAt };
    return { kind: 'missing' };
  }

  /** The guest wishlist with its items (none once merged); null when it expired or never was. */
  async find(id: string): Promise<GuestWishlist | null> {
    const state = await this.state(id);
    if (state.kind === 'missing') return null;
    return this.toGuestWishlist(id, state, state.kind === 'live' ? await this.itemsOf(id) : []);
  }

  /** Its items, oldest first. */
  itemsOf(id: string): Promise<WishlistItemDocument[]> {
    return this.items.find({ wishlistId: id }).sort({ addedAt: 1, _id: 1 }).toArray();
  }

  itemOf(id: string, productId: string): Promise<WishlistItemDocument | null> {
    return this.items.findOne({ wishlistId: id, productId });
  }

  /** Adds a product once, whatever the concurrency (an insert the unique index refuses a second time), and keeps the list alive. */
  async addItem(id: string, productId: string): Promise<AddOutcome> {
    const count = await this.items.countDocuments({ wishlistId: id });
    if (count >= this.maxItems) return (await this.itemOf(id, productId)) ? 'already-there' : 'full';
    const inserted = await insertUnlessPresent(this.items, { _id: new ObjectId(), wishlistId: id, productId, addedAt: new Date() });
    await this.touch(id);
    return inserted ? 'added' : 'already-there';
  }

  /** Removes a product (nothing when it is not there) and keeps the list alive. */
  async removeItem(id: string, productId: string): Promise<void> {
    await this.items.deleteOne({ wishlistId: id, productId });
    await this.touch(id);
  }

  /** Takes a product off the list as part of a merge (it is in the account's wishlist by then). */
  async dropItem(id: string, productId: string): Promise<void> {
    await this.items.deleteOne({ wishlistId: id, productId });
  }

  /**
   * Claims a live guest wishlist for a merge into `accountId`: only the first merge of a list inserts its record.
   * A later (or concurrent) merge by the same account is `again`: it moves whatever is left, which is idempotent.
   */
  async claimMerge(id: string, accountId: string): Promise<MergeClaim> {
    const state = await this.state(id);
    if (state.kind === 'merged') return state.accountId === accountId ? 'again' : 'not-ours';
    if (state.kind === 'missing') return 'missing';
    if (await insertUnlessPresent(this.merges, { _id: id, accountId, mergedAt: new Date() })) return 'claimed';
    const merge = await this.merges.findOne({ _id: id });
    return merge?.accountId === accountId ? 'again' : 'not-ours';
  }

  /** The list's own document, once a merge moved its items: the merge record still answers for it. */
  async deleteList(id: string): Promise<void> {
    await this.lists.deleteOne({ _id: id });
  }

  /**
   * Deletes up to `limit` guest wishlists unchanged since before `cutoff`, items first, and as many merge records older
   * than it (runtime/events/retention.ts sweeps with it). An expired list takes no more changes (it reads as missing),
   * and one left half-deleted is found again by the next sweep, its list document going last.
   */
  async prune(cutoff: Date, limit: number): Promise<number> {
    const old = await this.lists
      .find({ changedAt: { $lt: cutoff } }, { projection: { _id: 1 } })
      .sort({ changedAt: 1 })
      .limit(limit)
      .toArray();
    let deleted = 0;
    for (const { _id } of old) {
      await this.items.deleteMany({ wishlistId: _id });
      deleted += (await this.lists.deleteOne({ _id, changedAt: { $lt: cutoff } })).deletedCount;
    }
    const merged = await this.merges
      .find({ mergedAt: { $lt: cutoff } }, { projection: { _id: 1 } })
      .sort({ mergedAt: 1 })
      .limit(limit)
      .toArray();
    if (merged.length > 0) {
      const { deletedCount } = await this.merges.deleteMany({ _id: { $in: merged.map((merge) => merge._id) }, mergedAt: { $lt: cutoff } });
      deleted += deletedCount;
    }
    return deleted;
  }

  private async touch(id: string): Promise<void> {
    // A plain $set of one time: concurrent ones may overwrite each other, and any of them keeps the list alive.
    await this.lists.updateOne({ _id: id }, { $set: { changedAt: new Date() } });
  }

  private toGuestWishlist(id: string, state: Exclude<GuestWishlistState, { kind: 'missing' }>, items: WishlistItemDocument[]): GuestWishlist {
    const since = state.kind === 'live' ? state.changedAt : state.mergedAt;
    return {
      id,
      items: items.map((item) => ({ product: { id: item.productId }, addedAt: item.addedAt })),
      itemCount: items.length,
      merged: state.kind === 'merged',
      expiresAt: new Date(since.getTime() + this.ttlMs),
    };
  }
}
