import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../prisma/contact/client/client';
import { testEnv } from '../../test/support/test-env';
import { connectMongo, type MongoStore } from './mongo';
import { connectPrisma, type PrismaStore } from './prisma';
import { connectRedis, type RedisStore } from './redis';
import { roundTripCounter, roundTripDuration, runAsGraphQLWork, trackGraphQLWork, type StoreKind } from './round-trips';

const SERVICE = `round_trips_spec_${process.pid}`;

async function count(store: StoreKind, origin: 'graphql' | 'background' | 'untracked'): Promise<number> {
  const { values } = await roundTripCounter(SERVICE).get();
  return values.find((value) => value.labels.store === store && value.labels.origin === origin)?.value ?? 0;
}

/** How many round trips of `store` were timed, and their total seconds. */
async function timed(store: StoreKind): Promise<{ count: number; seconds: number }> {
  const { values } = await roundTripDuration(SERVICE).get();
  const of = (name: string) => values.find((value) => value.metricName === name && value.labels.store === store)?.value ?? 0;
  return { count: of('store_round_trip_duration_seconds_count'), seconds: of('store_round_trip_duration_seconds_sum') };
}

/**
 * Runs `work` as a resolver would: awaited inside a flow run as GraphQL work, started from a callback of its own
 * (Prisma's queries start when awaited, so the await must be inside the flow).
 */
const asResolver = <T>(work: () => Promise<T>) =>
  new Promise<T>((resolve, reject) =>
    setImmediate(() => {
      runAsGraphQLWork(async () => await work()).then(resolve, reject);
    }),
  );

describe('store round-trip counting (real MongoDB wire, PostgreSQL, Redis)', () => {
  let mongo: MongoStore;
  let postgres: PrismaStore<PrismaClient>;
  let redis: RedisStore;
  beforeAll(async () => {
    mongo = await connectMongo(testEnv.MONGODB_URL, SERVICE);
    postgres = await connectPrisma(PrismaClient, testEnv.DATABASE_URL, SERVICE);
    redis = await connectRedis(testEnv.REDIS_URL, SERVICE);
  });
  afterAll(async () => {
    await Promise.all([mongo?.close(), postgres?.close(), redis?.close()]);
  });

  // First in this file: tracking, once started, stays on for the process (STORE_ROUND_TRIP_ORIGINS=on starts it).
  it('counts every round trip as untracked until tracking starts, even one run as a GraphQL request', async () => {
    const untracked = await count('redis', 'untracked');
    await redis.redis.get('round-trip-probe');
    await runAsGraphQLWork(() => redis.redis.get('round-trip-probe'));
    expect(await count('redis', 'untracked')).toBe(untracked + 2);
    expect(await count('redis', 'graphql')).toBe(0);
    expect(await count('redis', 'background')).toBe(0);
    trackGraphQLWork();
    await redis.redis.get('round-trip-probe');
    expect(await count('redis', 'background')).toBe(1);
    expect(await count('redis', 'untracked')).toBe(untracked + 2);
  });

  it('counts each MongoDB command once, as GraphQL work inside a flow run as one and background outside it', async () => {
    const background = await count('mongodb', 'background');
    await mongo.db.collection('round_trip_probe').findOne({});
    expect(await count('mongodb', 'background')).toBe(background + 1);
    const graphql = await count('mongodb', 'graphql');
    await asResolver(async () => {
      await mongo.db.collection('round_trip_probe').findOne({});
      await mongo.db.collection('round_trip_probe').countDocuments({});
    });
    expect(await count('mongodb', 'graphql')).toBe(graphql + 2);
    expect(await count('mongodb', 'background')).toBe(background + 1);
  });

  it('counts the round trips of work run as a GraphQL request (once per request) as GraphQL work, and nothing after it', async () => {
    const graphql = await count('mongodb', 'graphql');
    const background = await count('mongodb', 'background');
    await new Promise<void>((resolve, reject) =>
      setImmediate(() =>
        runAsGraphQLWork(() => {
          mongo.db
            .collection('round_trip_probe')
            .findOne({})
            .then(() => resolve(), reject);
        }),
      ),
    );
    await mongo.db.collection('round_trip_probe').findOne({});
    expect(await count('mongodb', 'graphql')).toBe(graphql + 1);
    expect(await count('mongodb', 'background')).toBe(background + 1);
  });

  it('counts each PostgreSQL query Prisma sends', async () => {
    const before = await count('postgresql', 'graphql');
    await asResolver(() => postgres.prisma.$queryRawUnsafe('SELECT 1'));
    expect(await count('postgresql', 'graphql')).toBe(before + 1);
    const background = await count('postgresql', 'background');
    // A transaction is three round trips: BEGIN, the statement, COMMIT.
    await postgres.prisma.$transaction(async (tx) => tx.$queryRawUnsafe('SELECT 2'));
    expect(await count('postgresql', 'background')).toBe(background + 3);
  });

  it('counts each Redis command, pipelined ones included', async () => {
    const before = await count('redis', 'graphql');
    await asResolver(async () => {
      await redis.redis.get('round-trip-probe');
      await redis.redis.pipeline().get('round-trip-probe').get('round-trip-probe').exec();
    });
    expect(await count('redis', 'graphql')).toBe(before + 3);
  });

  it('times every round trip it counts, each store apart, failed ones too, for as long as the answer took', async () => {
    for (const store of ['mongodb', 'postgresql', 'redis'] as const) {
      const before = await timed(store);
      const counted = (await count(store, 'background')) + (await count(store, 'graphql'));
      const started = performance.now();
      if (store === 'mongodb') {
        await mongo.db.collection('round_trip_probe').findOne({});
        await expect(mongo.db.command({ noSuchCommand: 1 })).rejects.toThrow();
      } else if (store === 'postgresql') {
        await postgres.prisma.$queryRawUnsafe('SELECT pg_sleep(0.05)::text');
        await expect(postgres.prisma.$queryRawUnsafe('SELECT no_such_column')).rejects.toThrow();
      } else {
        await redis.redis.get('round-trip-probe');
        await redis.redis
          .pipeline()
          .get('round-trip-probe')
          .incr('round-trip-probe-not-a-number-' + process.pid)
          .exec();
        await expect(redis.redis.hget('round-trip-probe-not-a-number-' + process.pid, 'x')).rejects.toThrow(/WRONGTYPE/);
      }
      const elapsed = (performance.now() - started) / 1000;
      const after = await timed(store);
      const countedAfter = (await count(store, 'background')) + (await count(store, 'graphql'));
      expect(after.count - before.count, store).toBe(countedAfter - counted);
      expect(after.seconds - before.seconds, store).toBeGreaterThan(0);
      expect(after.seconds - before.seconds, store).toBeLessThanOrEqual(elapsed * (after.count - before.count));
      if (store === 'postgresql') expect(after.seconds - before.seconds).toBeGreaterThanOrEqual(0.05);
    }
    await redis.redis.del('round-trip-probe-not-a-number-' + process.pid);
  });
});
