import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/support/eventually';
import { routerConnections } from '../../test/support/redis-connections';
import { testEnv } from '../../test/support/test-env';
import { TagEpochs } from './tag-epochs';
import { STALE, TaggedCache, type CachedEntry } from './tagged-cache';

// Each test works under a prefix of its own, so runs beside each other never share an epoch or a tag.
const isolated = (redis: Redis, memoryBytes = 1_000_000) => {
  const prefix = `test:${randomUUID()}:`;
  const epochs = new TagEpochs(redis, prefix);
  return { epochs, cache: new TaggedCache(redis, epochs, { namespace: `${prefix}entry:`, memoryBytes }), prefix };
};

/** The fresh entry a look-up finds among `keys`, most specific first (undefined: none). */
const found = async (cache: TaggedCache, keys: string[]) => (await cache.lookUp(keys)).found;

const entry = (epoch: number, tags: string[], body = 'answer'): CachedEntry => ({
  epoch,
  tags,
  meta: { expiresAt: Date.now() + 60_000 },
  body: Buffer.from(body),
});

/** The router's connection with its epoch reads (`mget`) made by `read` instead. */
function withEpochReads(redis: Redis, read: (keys: string[]) => Promise<Array<string | null>>): Redis {
  return new Proxy(redis, {
    get(target, property) {
      if (property === 'mget') return (...keys: string[]) => read(keys);
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * The router's connection with its epoch reads counted, and their answers held until `release` (Redis has
 * answered; the router has not seen it yet): a read "in flight" for as long as a test needs.
 */
function heldReads(redis: Redis) {
  const sent: number[] = [];
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const client = withEpochReads(redis, async (keys) => {
    sent.push(Date.now());
    const answer = await redis.mget(...keys);
    await gate;
    return answer;
  });
  const hold = () => {
    gate = new Promise((resolve) => (release = resolve));
  };
  return { client, sent, hold, release: () => release() };
}

describe('tagged cache entries in Redis (real Redis)', () => {
  const connections = routerConnections();
  let redis: Redis;
  let other: Redis; // a second router's connection
  beforeAll(() => ({ redis, other } = connections));

  it('serves an entry until one of its tags is invalidated, and never after', async () => {
    const { epochs, cache } = isolated(redis);
    const epoch = await epochs.now();
    await cache.set('page', entry(epoch, ['catalog', 'catalog:Product:1']));
    expect((await found(cache, ['page']))?.entry.body.toString()).toBe('answer');
    await epochs.invalidate(['catalog:Product:2']);
    expect((await found(cache, ['page']))?.entry.body.toString()).toBe('answer');
    await epochs.invalidate(['catalog:Product:1']);
    expect(await found(cache, ['page'])).toBeUndefined();
  });

  it('treats an answer whose data was read before a change as stale, even when it is stored after the change', async () => {
    const { epochs, cache } = isolated(redis);
    const readAt = await epochs.now(); // the request starts, reads its data…
    await epochs.invalidate(['reviews:Product:9']); // …a write lands meanwhile…
    await cache.set('late', entry(readAt, ['reviews', 'reviews:Product:9'])); // …and the old answer is stored after it
    expect(await found(cache, ['late'])).toBeUndefined();
  });

  it("sees another router's invalidation at once, also for what this router holds in memory", async () => {
    const mine = isolated(redis);
    const theirs = new TagEpochs(other, mine.prefix);
    await mine.cache.set('page', entry(await mine.epochs.now(), ['users:User:7']));
    expect(await found(mine.cache, ['page'])).toBeDefined(); // now held in this router's memory too
    await theirs.invalidate(['users:User:7']);
    expect(await found(mine.cache, ['page'])).toBeUndefined();
  });

  it('a second router finds what the first kept, through Redis', async () => {
    const first = isolated(redis);
    const second = new TaggedCache(other, new TagEpochs(other, first.prefix), { namespace: `${first.prefix}entry:`, memoryBytes: 1_000_000 });
    await first.cache.set('shared', entry(await first.epochs.now(), ['catalog'], 'from the first'));
    expect(second.remembers('shared')).toBe(false);
    expect((await found(second, ['shared']))?.entry.body.toString()).toBe('from the first');
    expect(second.remembers('shared')).toBe(true);
  });

  it('tells an entry a write invalidated (STALE) from one never kept, from memory and from Redis alike', async () => {
    const first = isolated(redis);
    const second = new TaggedCache(other, new TagEpochs(other, first.prefix), { namespace: `${first.prefix}entry:`, memoryBytes: 0 });
    await first.cache.set('a', entry(await first.epochs.now(), ['catalog:Product:1'], 'a'));
    await first.cache.set('b', entry(await first.epochs.now(), ['catalog:Product:2'], 'b'));
    await first.epochs.invalidate(['catalog:Product:1']);
    for (const cache of [second, first.cache]) {
      const [a, b, none] = await cache.getEach(['a', 'b', 'none']);
      expect(a).toBe(STALE);
      expect(b !== STALE && b?.body.toString()).toBe('b');
      expect(none).toBeUndefined();
    }
  });

  it("reports on a miss the epoch Redis had as it looked, with another router's write before it", async () => {
    const mine = isolated(redis);
    const theirs = new TagEpochs(other, mine.prefix);
    expect(await mine.cache.lookUp(['none'])).toEqual({ epochNow: null }); // no epoch yet: the request reads it itself
    const before = await mine.epochs.now();
    await theirs.invalidate(['catalog:Product:3']); // a write made elsewhere before this request asked
    const missed = await mine.cache.lookUp(['none']);
    expect(missed.found).toBeUndefined();
    const { epochNow } = missed;
    expect(epochNow).toBeGreaterThan(before);
    expect(epochNow).toBe(await mine.epochs.now());
    // An answer kept under it shows that write, so it stays fresh until the next one.
    await mine.cache.set('kept', entry(epochNow!, ['catalog:Product:3']));
    expect((await found(mine.cache, ['kept']))?.entry.body.toString()).toBe('answer');
    await theirs.invalidate(['catalog:Product:3']);
    expect(await found(mine.cache, ['kept'])).toBeUndefined();
  });

  it('answers with the first fresh candidate, most specific first', async () => {
    const { epochs, cache } = isolated(redis, 0);
    const epoch = await epochs.now();
    await cache.set('shared', entry(epoch, ['catalog'], 'shared'));
    expect((await found(cache, ['mine', 'shared']))?.key).toBe('shared');
    await cache.set('mine', entry(epoch, ['wishlist:Wishlist:a'], 'mine'));
    expect((await found(cache, ['mine', 'shared']))?.entry.body.toString()).toBe('mine');
    await epochs.invalidate(['wishlist:Wishlist:a']);
    expect((await found(cache, ['mine', 'shared']))?.entry.body.toString()).toBe('shared');
  });

  it('drops everything cached before the floor was raised (an outage), and everything when Redis lost its epochs', async () => {
    const { epochs, cache, prefix } = isolated(redis);
    await cache.set('before', entry(await epochs.now(), ['catalog']));
    await epochs.invalidateEverything();
    expect(await found(cache, ['before'])).toBeUndefined();

    await cache.set('kept', entry(await epochs.now(), ['catalog']));
    expect(await found(cache, ['kept'])).toBeDefined();
    await redis.del(`${prefix}epoch`, `${prefix}floor`); // as after a restart without persistence
    expect(await found(cache, ['kept'])).toBeUndefined();
    expect(await epochs.now()).toBeGreaterThan(0); // starts again, above every epoch handed out before
  });

  it('keeps nothing past its expiry', async () => {
    const { epochs, cache } = isolated(redis);
    await cache.set('brief', { ...entry(await epochs.now(), ['catalog']), meta: { expiresAt: Date.now() + 150 } });
    expect(await found(cache, ['brief'])).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await found(cache, ['brief'])).toBeUndefined();
  });

  it('keeps every invalidation when many land at once (concurrent writes, several routers)', async () => {
    const { epochs, cache, prefix } = isolated(redis);
    const theirs = new TagEpochs(other, prefix);
    const readAt = await epochs.now();
    await cache.set(
      'page',
      entry(
        readAt,
        Array.from({ length: 40 }, (_, n) => `catalog:Product:${n}`),
      ),
    );
    await Promise.all(Array.from({ length: 40 }, (_, n) => (n % 2 ? epochs : theirs).invalidate([`catalog:Product:${n}`])));
    expect(await found(cache, ['page'])).toBeUndefined();
    const fresh = await epochs.now();
    expect(fresh).toBeGreaterThanOrEqual(readAt + 40);
  });

  it('makes an invalidation again after each delay, dropping what lagging replicas gave in between', async () => {
    const prefix = `test:${randomUUID()}:`;
    const epochs = new TagEpochs(redis, prefix, [200, 1_500]);
    const stopRepeating = epochs.repeatDueEvery(50);
    const cache = new TaggedCache(redis, epochs, { namespace: `${prefix}entry:`, memoryBytes: 1_000_000 });
    const writtenAt = Date.now();
    await epochs.invalidate(['catalog:Product:1']); // the write, through the replica that made it
    // A replica that had not seen it yet answers from before it; that answer is kept under a newer epoch.
    await cache.set('late', entry(await epochs.now(), ['catalog:Product:1']));
    expect(await found(cache, ['late'])).toBeDefined();
    await eventually(async () => (await found(cache, ['late'])) === undefined, 1_200); // the first repeat, not the second
    // A replica that missed the write's announcement still answers from before it until it catches up.
    await cache.set('missed', entry(await epochs.now(), ['catalog:Product:1']));
    expect(Date.now() - writtenAt).toBeLessThan(1_500); // set before the second repeat, so only that one can drop it
    expect(await found(cache, ['missed'])).toBeDefined();
    await eventually(async () => (await found(cache, ['missed'])) === undefined, 5_000);
    stopRepeating();
    expect(await redis.zcard(epochs.repeatsKey)).toBe(0); // each made once, then gone
  });

  // Repeats used to be timers of the router that made the write: one that stopped (a deploy, a crash) took them along.
  it('makes the repeats of a router that stopped right after its write', async () => {
    const prefix = `test:${randomUUID()}:`;
    const stopping = new Redis(testEnv.REDIS_URL);
    await new TagEpochs(stopping, prefix, [300]).invalidate(['catalog:Product:1']);
    stopping.disconnect(); // the router that made the write is gone
    const survivor = new TagEpochs(redis, prefix, [300]);
    const stopRepeating = survivor.repeatDueEvery(50);
    const cache = new TaggedCache(redis, survivor, { namespace: `${prefix}entry:`, memoryBytes: 1_000_000 });
    await cache.set('late', entry(await survivor.now(), ['catalog:Product:1'])); // a lagging replica's answer
    expect(await found(cache, ['late'])).toBeDefined();
    await eventually(async () => (await found(cache, ['late'])) === undefined, 5_000); // never, without the repeat
    stopRepeating();
  });

  it('drains a backlog of due repeats larger than one poll takes', async () => {
    const prefix = `test:${randomUUID()}:`;
    const epochs = new TagEpochs(redis, prefix, [0]);
    await Promise.all(Array.from({ length: 250 }, (_, n) => epochs.invalidate([`catalog:Product:${n}`])));
    const stopRepeating = epochs.repeatDueEvery(1_000, 40); // a poll a second, in batches of 40
    // Drained by the first poll; without the drain three polls would have made 120 of the 250 by then.
    await eventually(async () => (await redis.zcard(epochs.repeatsKey)) === 0, 3_500);
    stopRepeating();
  });

  it('makes each due repeat once, however many routers poll', async () => {
    const prefix = `test:${randomUUID()}:`;
    const writer = new TagEpochs(redis, prefix, [0]);
    await Promise.all(Array.from({ length: 20 }, (_, n) => writer.invalidate([`catalog:Product:${n}`])));
    const pollers = [writer, new TagEpochs(other, prefix, [0])];
    const made = await Promise.all(Array.from({ length: 10 }, (_, n) => pollers[n % 2].repeatDue()));
    expect(made.reduce((sum, count) => sum + count, 0)).toBe(20);
    expect(await redis.zcard(writer.repeatsKey)).toBe(0);
  });

  describe('epoch snapshots', () => {
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
      const flaky = withEpochReads(redis, (keys) => (failures-- > 0 ? Promise.reject(new Error('Connection is closed.')) : redis.mget(...keys)));
      const epochs = new TagEpochs(flaky, prefix);
      await new TagEpochs(other, prefix).now();
      await expect(Promise.all([epochs.snapshot(), epochs.snapshot()])).rejects.toThrow('Connection is closed.');
      expect((await epochs.snapshot()).epoch).toBe(Number(await other.get(`${prefix}epoch`)));
    });
  });
});
