import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { beforeAll, describe, expect, it } from 'vitest';
import { routerConnections } from '../../test/support/redis-connections';
import { KeepAdmission } from './keep-admission';
import { TagEpochs } from './tag-epochs';
import { TaggedCache, type CachedEntry } from './tagged-cache';

/** Keeps `count` answers of `kind` under keys never asked before. */
const keepNew = (admission: KeepAdmission, kind: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, index) => admission.admits(kind, `${kind}:${from + index}`));

describe('keep admission (which answers are kept when first made)', () => {
  it('keeps every answer on first sight while its kind has not been judged, or has no kind', () => {
    const admission = new KeepAdmission();
    expect(keepNew(admission, 'search', 99).every(Boolean)).toBe(true);
    expect(admission.admits(undefined, 'anything')).toBe(true);
  });

  it('defers an answer of a kind seldom read again to its key being asked a second time', () => {
    let deferred = 0;
    const admission = new KeepAdmission(() => (deferred += 1));
    keepNew(admission, 'search', 100);
    admission.reused('search'); // 1 of 100: seldom

    expect(admission.admits('search', 'search:new')).toBe(false);
    expect(deferred).toBe(1);
    expect(admission.admits('search', 'search:new')).toBe(true); // asked again: kept
    expect(admission.admits('search', 'search:new')).toBe(false); // forgotten once kept: the next one waits again
  });

  it('keeps on first sight a kind whose answers are read again, and judges each kind on its own', () => {
    const admission = new KeepAdmission();
    keepNew(admission, 'page', 100);
    for (let read = 0; read < 5; read++) admission.reused('page');
    keepNew(admission, 'search', 100);

    expect(admission.admits('page', 'page:new')).toBe(true);
    expect(admission.admits('search', 'search:new')).toBe(false);
  });

  it('keeps a deferred kind on first sight again once its keys start repeating', () => {
    const admission = new KeepAdmission();
    keepNew(admission, 'search', 100);
    // Keys now asked three times each: kept at the second asking, read again at the third.
    let repeated = 0;
    while (!admission.admits('search', `repeat:${repeated}`) && repeated < 100) {
      expect(admission.admits('search', `repeat:${repeated}`)).toBe(true);
      admission.reused('search');
      repeated += 1;
    }
    expect(repeated).toBe(6); // 6 reads of 106 kept: one in twenty again
    expect(admission.admits('search', 'search:new')).toBe(true);
  });

  it('weighs recent traffic most: a kind read again for long is deferred soon after its reads stop', () => {
    const admission = new KeepAdmission();
    for (let key = 0; key < 10_000; key++) {
      admission.admits('page', `page:${key}`);
      admission.reused('page');
    }
    // Counts halve at 1,000 kept: the old reads weigh half as much with every 500 keeps.
    const keptOnFirstSight = keepNew(admission, 'page', 10_000, 10_000).filter(Boolean).length;
    expect(keptOnFirstSight).toBeGreaterThan(1_000);
    expect(keptOnFirstSight).toBeLessThan(4_000); // not the 190,000 that 10,000 reads would take if they all counted
  });
});

describe('keep admission of a tagged cache (real Redis)', () => {
  const connections = routerConnections();
  let redis: Redis;
  let other: Redis; // a second router's connection
  beforeAll(() => ({ redis, other } = connections));

  // A router's cache under a prefix of this test's own, with its admission.
  const routerCache = (connection: Redis, prefix: string) => {
    const epochs = new TagEpochs(connection, prefix);
    return { epochs, cache: new TaggedCache(connection, epochs, { namespace: `${prefix}entry:`, memoryBytes: 1_000_000, admission: new KeepAdmission() }) };
  };
  const answer = async (epochs: TagEpochs, kind: string): Promise<CachedEntry> => ({
    epoch: await epochs.now(),
    tags: ['catalog:Product'],
    meta: { expiresAt: Date.now() + 60_000, kind },
    body: Buffer.from('answer'),
  });
  const keptInRedis = (prefix: string, key: string) => redis.exists(`${prefix}entry:${key}`);

  it('writes an answer of a kind nobody reads again only when its key is asked a second time', async () => {
    const prefix = `test:${randomUUID()}:`;
    const { epochs, cache } = routerCache(redis, prefix);
    for (let key = 0; key < 100; key++) await cache.set(`search:${key}`, await answer(epochs, 'search'));
    expect(await keptInRedis(prefix, 'search:99')).toBe(1);

    // A body given as the function that writes it is written only when the answer is kept.
    const written: string[] = [];
    const writtenWhenKept = async (text: string) => ({ ...(await answer(epochs, 'search')), body: () => (written.push(text), Buffer.from('answer')) });
    await cache.set('search:new', await writtenWhenKept('deferred'));
    expect(await keptInRedis(prefix, 'search:new')).toBe(0);
    expect(cache.remembers('search:new')).toBe(false);
    expect((await cache.lookUp(['search:new'])).found).toBeUndefined();

    await cache.set('search:new', await writtenWhenKept('kept'));
    expect(await keptInRedis(prefix, 'search:new')).toBe(1);
    expect(written).toEqual(['kept']);
    expect((await cache.lookUp(['search:new'])).found?.entry.body.toString()).toBe('answer');
  });

  it("counts answers found in memory, in Redis and another router's as read again, so their kind is kept on first sight", async () => {
    const prefix = `test:${randomUUID()}:`;
    const first = routerCache(redis, prefix);
    const second = routerCache(other, prefix);
    for (let key = 0; key < 100; key++) {
      await first.cache.set(`page:${key}`, await answer(first.epochs, 'page'));
      await second.cache.set(`page:${100 + key}`, await answer(second.epochs, 'page'));
    }
    // The first router reads two of its own (held in memory) and three of the second's (from Redis, one by one and together).
    expect((await first.cache.lookUp(['page:1'])).found).toBeDefined();
    expect((await first.cache.lookUp(['page:2'])).found).toBeDefined();
    expect((await first.cache.lookUp(['page:101'])).found).toBeDefined();
    expect((await first.cache.getEach(['page:102', 'page:103'])).every((found) => typeof found === 'object')).toBe(true);

    await first.cache.set('page:new', await answer(first.epochs, 'page'));
    expect(await keptInRedis(prefix, 'page:new')).toBe(1); // 5 of 100 read again
    await second.cache.set('page:other', await answer(second.epochs, 'page'));
    expect(await keptInRedis(prefix, 'page:other')).toBe(0); // the second router saw none of its answers read
  });
});
