import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../test/support/test-env';
import { connectMongo, findByIds, MONGO_MAX_POOL_SIZE, type MongoStore } from './mongo';
import { roundTripCounter } from './round-trips';

const SERVICE = `mongo_spec_${process.pid}`;

const roundTrips = async () =>
  (await roundTripCounter(SERVICE).get()).values.reduce((sum, value) => sum + (value.labels.store === 'mongodb' ? value.value : 0), 0);

describe('findByIds on the MongoDB wire (FerretDB here)', () => {
  let mongo: MongoStore;
  const collectionName = `find_by_ids_${randomUUID().slice(0, 8)}`;
  const documents = () => mongo.db.collection<{ _id: string; name: string; size: number }>(collectionName);
  beforeAll(async () => {
    mongo = await connectMongo(testEnv.MONGODB_URL, SERVICE);
    await documents().insertMany(['a', 'b', 'c'].map((id, index) => ({ _id: id, name: `flower ${id}`, size: index })));
  });
  afterAll(async () => {
    await mongo?.db.dropCollection(collectionName).catch(() => undefined);
    await mongo?.close();
  });

  it('finds a batch of one, of several and of none, unknown ids matching nothing, each batch in one round trip at most', async () => {
    const before = await roundTrips();
    expect(await findByIds(documents(), [])).toEqual([]);
    expect(await findByIds(documents(), ['b'])).toEqual([{ _id: 'b', name: 'flower b', size: 1 }]);
    expect(await findByIds(documents(), ['nope'])).toEqual([]);
    const several = await findByIds(documents(), ['c', 'nope', 'a']);
    expect(several.map((document) => document._id).sort()).toEqual(['a', 'c']);
    expect((await roundTrips()) - before).toBe(3);
  });

  it('applies the options it is given', async () => {
    expect(await findByIds(documents(), ['a'], { projection: { name: 1 } })).toEqual([{ _id: 'a', name: 'flower a' }]);
    expect(await findByIds(documents(), ['a', 'b'], { projection: { _id: 1 } })).toHaveLength(2);
  });
});

describe('a process never opens more connections than FerretDB can serve at once', () => {
  let mongo: MongoStore;
  const collectionName = `update_storm_${randomUUID().slice(0, 8)}`;
  const products = () => mongo.db.collection<{ _id: string; stock: number; note: string }>(collectionName);
  beforeAll(async () => {
    mongo = await connectMongo(testEnv.MONGODB_URL, SERVICE);
    // A table of a real size: on a handful of documents FerretDB answers each update before the next one arrives.
    await products().insertMany(Array.from({ length: 2000 }, (_, index) => ({ _id: `p${index}`, stock: 100, note: 'x'.repeat(500) })));
  });
  afterAll(async () => {
    await mongo?.db.dropCollection(collectionName).catch(() => undefined);
    await mongo?.close();
  });

  it('64 updates of one product at once all land, on at most MONGO_MAX_POOL_SIZE connections at a time, and the server still answers', async () => {
    const storm = 64;
    // Warm connections first (a driver opens only a few at a time), as a busy service has them.
    for (let round = 0; round < 5; round += 1) await Promise.all(Array.from({ length: storm }, () => products().findOne({ note: 'none' })));
    let inUse = 0;
    let mostInUse = 0;
    mongo.client.on('connectionCheckedOut', () => (mostInUse = Math.max(mostInUse, ++inUse)));
    mongo.client.on('connectionCheckedIn', () => (inUse -= 1));
    const updates = Promise.all(Array.from({ length: storm }, (_, index) => products().updateOne({ _id: 'p0' }, { $set: { stock: index } })));
    // Before the cap, FerretDB (20 PostgreSQL connections then) stopped answering anyone, this included, for good.
    const stuck = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('FerretDB stopped answering the updates')), 20_000).unref());
    const results = await Promise.race([updates, stuck]);
    expect(results.every((result) => result.matchedCount === 1)).toBe(true);
    expect(mostInUse).toBeGreaterThan(1);
    expect(mostInUse).toBeLessThanOrEqual(MONGO_MAX_POOL_SIZE);
    expect(await mongo.db.command({ ping: 1 })).toMatchObject({ ok: 1 });
  });

  it('leaves the pool to the URL when it names one', async () => {
    const url = new URL(testEnv.MONGODB_URL);
    url.searchParams.set('maxPoolSize', '2');
    const named = await connectMongo(url.toString(), SERVICE);
    try {
      expect(named.client.options.maxPoolSize).toBe(2);
      expect(mongo.client.options.maxPoolSize).toBe(MONGO_MAX_POOL_SIZE);
    } finally {
      await named.close();
    }
  });
});
