import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEnv } from '../../test/support/test-env';
import { TagEpochs } from './tag-epochs';

/**
 * The router's connection with its epoch reads counted, and their answers held until `release` (Redis has
 * answered; the router has not seen it yet): a read "in flight" for as long as a test needs.
 */
function heldReads(redis: Redis) {
  const sent: number[] = [];
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const client = new Proxy(redis, {
    get(target, property) {
      if (property === 'mget') {
        return async (...keys: string[]) => {
          sent.push(Date.now());
          const answer = await target.mget(...keys);
          await gate;
          return answer;
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const hold = () => {
    gate = new Promise((resolve) => (release = resolve));
  };
  return { client, sent, hold, release: () => release() };
}

describe('epoch snapshots (real Redis)', () => {
  let redis: Redis;
  let other: Redis; // another router's connection
  beforeAll(() => {
    redis = new Redis(testEnv.REDIS_URL);
    other = new Redis(testEnv.REDIS_URL);
  });
  afterAll(async () => {
    await redis.quit();
    await other.quit();
  });

  it('shares one read among the callers of a tick', async () => {
    const reads = heldReads(redis);
    const epochs = new TagEpochs(reads.client, `test:${randomUUID()}:`);
    await epochs.now();
    const snapshots = await Promise.all([epochs.snapshot(), epochs.snapshot(), epochs.snapshot()]);
    expect(reads.sent).toHaveLength(1);
    expect(new Set(snapshots.map((one) => one.epoch)).size).toBe(1);
  });

  it('gives a caller who asked while a read was in flight the next read, which shows what was invalidated before it asked', async () => {
    const prefix = `test:${randomUUID()}:`;
    const reads = heldReads(redis);
    const epochs = new TagEpochs(reads.client, prefix);
    const elsewhere = new TagEpochs(other, prefix);
    await epochs.now();
    reads.hold();
    const before = epochs.snapshot();
    await new Promise((resolve) => setTimeout(resolve, 20)); // the first read is sent and answered, its answer held
    expect(reads.sent).toHaveLength(1);
    await elsewhere.invalidate(['catalog:Product:1']);
    const invalidatedAt = Number(await other.get(`${prefix}epoch`));
    const after = [epochs.snapshot(), epochs.snapshot()];
    expect(reads.sent).toHaveLength(1); // one read in flight at a time
    reads.release();
    expect((await before).epoch).toBeLessThan(invalidatedAt);
    for (const snapshot of await Promise.all(after)) expect(snapshot.epoch).toBe(invalidatedAt);
    expect(reads.sent).toHaveLength(2);
  });

  it('rejects the callers of a read that failed, and reads again for the next', async () => {
    const prefix = `test:${randomUUID()}:`;
    let failures = 1;
    const flaky = new Proxy(redis, {
      get(target, property) {
        if (property === 'mget') return (...keys: string[]) => (failures-- > 0 ? Promise.reject(new Error('Connection is closed.')) : target.mget(...keys));
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    const epochs = new TagEpochs(flaky, prefix);
    await new TagEpochs(other, prefix).now();
    await expect(Promise.all([epochs.snapshot(), epochs.snapshot()])).rejects.toThrow('Connection is closed.');
    expect((await epochs.snapshot()).epoch).toBe(Number(await other.get(`${prefix}epoch`)));
  });
});
