import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo, type MongoStore } from '../../../runtime/stores/mongo';
import { testEnv } from '../../../test/support/test-env';
import { PurchaseStore } from './purchase.store';
import type { ProcessedEventDocument } from './review.document';

describe('PurchaseStore: retention of the records of processed events (MongoDB wire)', () => {
  let mongo: MongoStore;
  let purchases: PurchaseStore;
  beforeAll(async () => {
    mongo = await connectMongo(testEnv.MONGODB_URL, 'reviews-test');
    purchases = new PurchaseStore(mongo.db);
    await purchases.ensureIndexes();
  });
  afterAll(() => mongo?.close());

  it('deletes the records older than the cutoff, oldest first and at most `limit` at a time; newer ones stay', async () => {
    const day = 86_400_000;
    const now = Date.now();
    const processed = mongo.db.collection<ProcessedEventDocument>('processed_events');
    // Far older than anything another test writes, so this cutoff deletes only what this test wrote (and leftovers of its earlier runs).
    const ancient = Array.from({ length: 5 }, (_, index) => ({
      _id: randomUUID(),
      type: 'orders.order.delivered',
      processedAt: new Date(now - 400 * day + index * 1_000),
    }));
    const kept = { _id: randomUUID(), type: 'orders.order.delivered', processedAt: new Date(now - 300 * day) };
    await processed.insertMany([...ancient, kept]);
    const cutoff = new Date(now - 365 * day);

    expect(await purchases.pruneProcessed(cutoff, 2)).toBe(2);
    expect(await purchases.wasProcessed(ancient[0]._id)).toBe(false);
    expect(await purchases.wasProcessed(ancient[1]._id)).toBe(false);
    expect(await purchases.wasProcessed(ancient[2]._id)).toBe(true);
    let deleted = 2;
    for (let batch = await purchases.pruneProcessed(cutoff, 2); batch > 0; batch = await purchases.pruneProcessed(cutoff, 2)) deleted += batch;
    expect(deleted).toBeGreaterThanOrEqual(ancient.length);
    for (const record of ancient) expect(await purchases.wasProcessed(record._id)).toBe(false);
    expect(await purchases.wasProcessed(kept._id)).toBe(true);
    await processed.deleteOne({ _id: kept._id });

    // The oldest-first query has an index to read.
    const indexes = await processed.indexes();
    expect(indexes.find((index) => index.name === 'processed_oldest')?.key).toEqual({ processedAt: 1 });
  });

  it('an event applied again after its record was deleted adds no purchase twice', async () => {
    const eventId = randomUUID();
    const [accountId, productId] = [randomUUID(), randomUUID()];
    expect(await purchases.recordDelivered(eventId, 'orders.order.delivered', randomUUID(), accountId, [productId])).toBe(true);
    await mongo.db.collection<ProcessedEventDocument>('processed_events').deleteOne({ _id: eventId }); // as retention would, much later
    expect(await purchases.recordDelivered(eventId, 'orders.order.delivered', randomUUID(), accountId, [productId])).toBe(true);
    expect(await mongo.db.collection('purchases').countDocuments({ accountId, productId })).toBe(1);
  });
});
