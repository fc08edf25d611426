import { findByIds, insertUnlessPresent } from '../../../runtime/stores/mongo';
import { type Collection, type Db } from 'mongodb';
import type { ProcessedEventDocument, PurchaseDocument } from './review.document';

/** An account and a product: the key of a verified purchase. */
export interface PurchaseKey {
  accountId: string;
  productId: string;
}

export const purchaseId = ({ accountId, productId }: PurchaseKey) => JSON.stringify([accountId, productId]);

/**
 * Who received which product, from the orders subgraph's `orders.order.delivered` events. Only inserts
 * checked by unique indexes, which FerretDB does atomically: applying an event twice changes nothing.
 */
export class PurchaseStore {
  private readonly purchases: Collection<PurchaseDocument>;
  private readonly processed: Collection<ProcessedEventDocument>;

  constructor(db: Db) {
    this.purchases = db.collection<PurchaseDocument>('purchases');
    this.processed = db.collection<ProcessedEventDocument>('processed_events');
  }

  async ensureIndexes(): Promise<void> {
    await this.purchases.createIndex({ accountId: 1, productId: 1 }, { unique: true, name: 'account_product_unique' });
    // Retention deletes the oldest records of processed events first.
    await this.processed.createIndex({ processedAt: 1 }, { name: 'processed_oldest' });
  }

  /**
   * Deletes up to `limit` records of events processed before `cutoff`, oldest first (EVENTS_DEDUP_RETENTION_SECONDS).
   * An event redelivered after its record is gone is applied again: its purchases are there already, so only the
   * announcement is repeated.
   */
  async pruneProcessed(cutoff: Date, limit: number): Promise<number> {
    const old = await this.processed
      .find({ processedAt: { $lt: cutoff } }, { projection: { _id: 1 } })
      .sort({ processedAt: 1 })
      .limit(limit)
      .toArray();
    if (old.length === 0) return 0;
    const { deletedCount } = await this.processed.deleteMany({ _id: { $in: old.map((record) => record._id) }, processedAt: { $lt: cutoff } });
    return deletedCount;
  }

  async wasProcessed(eventId: string): Promise<boolean> {
    return (await this.processed.countDocuments({ _id: eventId }, { limit: 1 })) > 0;
  }

  /**
   * Records the delivered products of an order, then the event as processed; false when it was processed before.
   * A crash in between redelivers the event, and the purchases already there are kept as they are.
   */
  async recordDelivered(eventId: string, type: string, orderId: string, accountId: string, productIds: readonly string[]): Promise<boolean> {
    if (await this.wasProcessed(eventId)) return false;
    const recordedAt = new Date();
    for (const productId of new Set(productIds)) {
      await insertUnlessPresent(this.purchases, { _id: purchaseId({ accountId, productId }), accountId, productId, firstOrderId: orderId, recordedAt });
    }
    return insertUnlessPresent(this.processed, { _id: eventId, type, processedAt: recordedAt });
  }

  /** Which of these account-product pairs are purchases: one query for a whole page of reviews. */
  async purchasedAmong(keys: readonly PurchaseKey[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const found = await findByIds(this.purchases, keys.map(purchaseId), { projection: { _id: 1 } });
    return new Set(found.map((purchase) => purchase._id));
  }
}
