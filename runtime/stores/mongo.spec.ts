import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../test/support/test-env';
import { connectMongo, findByIds, type MongoStore } from './mongo';
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
