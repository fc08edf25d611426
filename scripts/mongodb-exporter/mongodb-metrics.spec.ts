import { MongoClient, type Db } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetricSamples } from '../../test/support/metrics';
import { MongoMetrics } from './mongodb-metrics';
import { testMongoClient } from '../../test/support/mongo-client';

// Against the tests' MongoDB-wire server (FerretDB here; MongoDB 7 in compose and the chart), in a database of its own.
describe('the MongoDB exporter (real MongoDB wire server)', () => {
  let client: MongoClient;
  let db: Db;
  beforeAll(async () => {
    client = testMongoClient();
    db = client.db(`flores_test_exporter_${process.pid}`);
    await db.collection('bouquets').insertMany(Array.from({ length: 25 }, (_, index) => ({ name: `ramo ${index}`, price: 1_000 * index })));
    await db.collection('bouquets').createIndex({ name: 1 });
    await db.collection('empty').insertOne({ gone: true });
    await db.collection('empty').deleteMany({});
  });
  afterAll(async () => {
    await db?.dropDatabase();
    await client?.close();
  });

  it('reports the server up, the ping it took, what it is, the commands it ran, and each collection of the databases asked', async () => {
    const text = await new MongoMetrics(client, { databases: [db.databaseName] }).scrape();
    const value = (name: string, labels: Record<string, string> = {}) =>
      parseMetricSamples(text, name).find((sample) => Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))?.value;
    expect(value('mongodb_up')).toBe(1);
    expect(value('mongodb_ping_duration_seconds')).toBeGreaterThan(0);
    expect(value('mongodb_ping_duration_seconds')).toBeLessThan(5);
    expect(parseMetricSamples(text, 'mongodb_info')).toEqual([
      { labels: { engine: expect.stringMatching(/^(ferretdb|mongod)$/), version: expect.any(String) }, value: 1 },
    ]);
    expect(value('mongodb_uptime_seconds')).toBeGreaterThan(0);
    expect(value('mongodb_commands_total', { command: 'insert' })).toBeGreaterThanOrEqual(1);
    expect(text).toContain('# TYPE mongodb_commands_total counter');
    const collection = { database: db.databaseName, collection: 'bouquets' };
    expect(value('mongodb_collection_documents', collection)).toBe(25);
    expect(value('mongodb_collection_size_bytes', collection)).toBeGreaterThan(0);
    expect(value('mongodb_collection_index_bytes', collection)).toBeGreaterThan(0);
    // A collection without statistics yet (FerretDB: a table never analysed) has no figure rather than a wrong one.
    expect(value('mongodb_collection_documents', { database: db.databaseName, collection: 'empty' }) ?? 0).toBe(0);
    // Only what the server reports: FerretDB has no connection counts or operation latencies, MongoDB has both.
    const mongod = parseMetricSamples(text, 'mongodb_info')[0].labels.engine === 'mongod';
    expect(value('mongodb_connections_current') !== undefined).toBe(mongod);
    expect(parseMetricSamples(text, 'mongodb_op_latency_ops_total').length > 0).toBe(mongod);
  });

  it('reports the server down, and nothing else, when it does not answer within the timeout', async () => {
    const unreachable = new MongoClient('mongodb://127.0.0.1:1/none', { serverSelectionTimeoutMS: 200 });
    const started = Date.now();
    const text = await new MongoMetrics(unreachable, { databases: ['none'], timeoutMs: 1_000 }).scrape();
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(parseMetricSamples(text, 'mongodb_up')).toEqual([{ labels: {}, value: 0 }]);
    expect(text.match(/^mongodb_\w+/gm)).toEqual(['mongodb_up']);
    await unreachable.close();
  });

  it('serves scrapes arriving together from one reading of the server', async () => {
    const metrics = new MongoMetrics(client, { databases: [db.databaseName] });
    const before = await client.db('admin').command({ serverStatus: 1 });
    const [first, second] = await Promise.all([metrics.scrape(), metrics.scrape()]);
    expect(second).toBe(first);
    expect(before.ok).toBe(1);
  });
});
