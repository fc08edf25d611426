import { MongoClient, type Db } from 'mongodb';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetricSamples } from '../../../test/support/metrics';
import { RatingOutbox } from './rating-outbox';
import { reviewMetrics } from './review-metrics';
import { ReviewStore } from './review.store';
import { testMongoClient } from '../../../test/support/mongo-client';

// The figures are the whole collection's: the test gets a database of its own on the tests' MongoDB-wire server.
describe('the reviews by moderation status, counted at scrape time (real MongoDB wire)', () => {
  let client: MongoClient;
  let db: Db;
  const registry = new Registry();
  beforeAll(async () => {
    client = testMongoClient();
    db = client.db(`flores_test_review_metrics_${process.pid}`);
    reviewMetrics(registry, new ReviewStore(db, new RatingOutbox(db, async () => [])));
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  const byStatus = async () =>
    Object.fromEntries(parseMetricSamples(await registry.metrics(), 'reviews_by_status').map(({ labels, value }) => [labels.status, value]));

  it('serves every status, zero included, and follows reviews as they are submitted, moderated and deleted', async () => {
    expect(await byStatus()).toEqual({ PENDING: 0, APPROVED: 0, REJECTED: 0 });
    const reviews = db.collection('reviews');
    await reviews.insertMany([{ status: 'PENDING' }, { status: 'PENDING' }, { status: 'PENDING' }, { status: 'APPROVED' }, { status: 'REJECTED' }]);
    expect(await byStatus()).toEqual({ PENDING: 3, APPROVED: 1, REJECTED: 1 });
    await reviews.updateOne({ status: 'PENDING' }, { $set: { status: 'APPROVED' } });
    await reviews.deleteOne({ status: 'REJECTED' });
    expect(await byStatus()).toEqual({ PENDING: 2, APPROVED: 2, REJECTED: 0 });
  });
});
