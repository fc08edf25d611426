import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimRedisDb, releaseRedisDb } from '../../test/support/scratch-stores';
import { backUpRedis, restoreRedis } from './redis-part';

describe('the Redis part of a backup, against the real server', () => {
  let url: string;
  let redis: Redis;
  let dir: string;

  beforeAll(async () => {
    url = await claimRedisDb('redis-part-spec');
    redis = new Redis(url);
    dir = await mkdtemp(join(tmpdir(), 'redis-part-spec-'));
  });
  afterAll(async () => {
    redis?.disconnect();
    if (url) await releaseRedisDb(url);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('keeps the durable keys with their expiry, leaves caches and counters out, and puts back exactly them', async () => {
    await redis.zadd('auth:revocations', Date.now() + 600_000, 'session:9b1c0c9e-4d4a-4a53-9d1e-3c2b1a0f9e8d');
    await redis.hset('cart:6a1f', { createdAt: '2026-12-05T10:00:00.000Z', owner: 'ana' });
    await redis.pexpire('cart:6a1f', 3_600_000);
    await redis.hset('cart:6a1f:lines', { 'product-1': '2' });
    await redis.pexpire('cart:6a1f:lines', 3_600_000);
    await redis.set('account-cart:ana', '6a1f', 'PX', 3_600_000);
    await redis.set('cart-order-event:e1', '1', 'PX', 1_500); // expires before the restore
    await redis.zadd('cart-funnel:open', Date.now(), '6a1f'); // the Shop dashboard's funnel
    await redis.hset('cart-funnel:counts', { started: '3', ordered: '1' });
    await redis.set('router:apq:abc', 'query { x }'); // a cache
    await redis.set('auth:login-failures:account:x', '3'); // a counter
    const expiry = await redis.pexpiretime('cart:6a1f');

    const part = await backUpRedis(url, dir);
    expect(Object.fromEntries(part.groups.map((g) => [g.pattern, g.keys]))).toEqual({
      'auth:revocations': 1,
      'cart:*': 2,
      'account-cart:*': 1,
      'cart-order-event:*': 1,
      'cart-funnel:*': 2,
    });

    // Since the backup: a cart changed, one added, the pointer gone, the cache and counter changed.
    await redis.hset('cart:6a1f:lines', { 'product-1': '5', 'product-2': '1' });
    await redis.hset('cart:7b2e', { createdAt: '2026-12-05T11:00:00.000Z' });
    await redis.del('account-cart:ana');
    await redis.hincrby('cart-funnel:counts', 'started', 1);
    await redis.set('router:apq:abc', 'query { y }');
    await new Promise((resolve) => setTimeout(resolve, 1_600));

    const result = await restoreRedis(url, dir, part);
    expect(result).toEqual({ restored: 6, expired: 1 });
    expect(await redis.hgetall('cart:6a1f:lines')).toEqual({ 'product-1': '2' });
    expect(await redis.exists('cart:7b2e')).toBe(0);
    expect(await redis.get('account-cart:ana')).toBe('6a1f');
    expect(await redis.hgetall('cart-funnel:counts')).toEqual({ started: '3', ordered: '1' });
    expect(await redis.pexpiretime('cart:6a1f')).toBe(expiry); // the same instant, not a fresh TTL
    expect(await redis.pexpiretime('auth:revocations')).toBe(-1);
    expect(await redis.exists('cart-order-event:e1')).toBe(0); // past its expiry: not made again
    // Not the backup's business: left as they are; the router's cached answers are marked stale.
    expect(await redis.get('router:apq:abc')).toBe('query { y }');
    expect(await redis.get('auth:login-failures:account:x')).toBe('3');
    expect(await redis.get('router:cache:floor')).toBe(await redis.get('router:cache:epoch'));
  });
});
