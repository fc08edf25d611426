import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueAddress } from '../../test/support/client-address';
import { testEnv } from '../../test/support/test-env';
import { createLogger } from '../../runtime/logger';
import { connectRouterRedis } from '../router-redis';
import { RouterRateLimiter, type RateLimits } from './rate-limits';

const LIMITS: RateLimits = { query: { perUser: 4, perAddress: 2 }, mutation: { perUser: 2, perAddress: 1 } };
const logger = createLogger('router-rate-limits-spec', 'silent');

/** Consumes `times` operations and returns what the last one threw (undefined: allowed). */
async function spend(limiter: RouterRateLimiter, times: number, ...args: Parameters<RouterRateLimiter['consume']>) {
  let refusal: unknown;
  for (let i = 0; i < times; i += 1)
    refusal = await limiter.consume(...args).then(
      () => undefined,
      (error: unknown) => error,
    );
  return refusal as { extensions?: Record<string, unknown>; message?: string } | undefined;
}

describe('router rate limits (real Redis)', () => {
  let redis: Redis;
  let limiter: RouterRateLimiter;
  beforeAll(async () => {
    redis = connectRouterRedis(testEnv.REDIS_URL, logger);
    // Until the connection is ready the limiter counts in memory (as while Redis is down): wait for it.
    if (redis.status !== 'ready') await new Promise((resolve) => redis.once('ready', resolve));
    limiter = new RouterRateLimiter(redis, LIMITS, `test:router-rate:${randomUUID()}`);
  });
  afterAll(() => redis?.disconnect());

  it('refuses an anonymous address past its query budget with TOO_MANY_ATTEMPTS, retryAfterSeconds and the limit', async () => {
    const address = uniqueAddress();
    expect(await spend(limiter, 2, 'query', undefined, address)).toBeUndefined();
    const refusal = await spend(limiter, 1, 'query', undefined, address);
    expect(refusal?.extensions).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', limit: 2 });
    expect(refusal?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refusal?.message).toMatch(/2 a minute per client address/);
    // Another address, and the same address's mutations, have budgets of their own.
    expect(await spend(limiter, 1, 'query', undefined, uniqueAddress())).toBeUndefined();
    expect(await spend(limiter, 1, 'mutation', undefined, address)).toBeUndefined();
  });

  it("counts a signed-in caller by account, wherever they call from, and not against the address's anonymous budget", async () => {
    const account = randomUUID();
    const address = uniqueAddress();
    expect(await spend(limiter, 4, 'query', account, address)).toBeUndefined();
    expect((await spend(limiter, 1, 'query', account, uniqueAddress()))?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(await spend(limiter, 2, 'query', undefined, address)).toBeUndefined();
    expect(await spend(limiter, 1, 'query', randomUUID(), address)).toBeUndefined();
  });

  it('counts a batch at once, and gives back an operation counted as the wrong class', async () => {
    const address = uniqueAddress();
    expect(
      await limiter.consume('query', undefined, address, 2).then(
        () => undefined,
        (error: unknown) => error,
      ),
    ).toBeUndefined();
    expect((await spend(limiter, 1, 'query', undefined, address))?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    const account = randomUUID();
    expect(await spend(limiter, 1, 'query', account, address)).toBeUndefined();
    await limiter.refund('query', account, address);
    // The refunded unit is there again: the whole budget of 4 is left.
    expect(await spend(limiter, 4, 'query', account, address)).toBeUndefined();
    expect((await spend(limiter, 1, 'query', account, address))?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
  });

  it('shares the budget between router replicas through Redis', async () => {
    const prefix = `test:router-rate:${randomUUID()}`;
    const [one, two] = [new RouterRateLimiter(redis, LIMITS, prefix), new RouterRateLimiter(redis, LIMITS, prefix)];
    const address = uniqueAddress();
    expect(await spend(one, 1, 'mutation', undefined, address)).toBeUndefined();
    expect((await spend(two, 1, 'mutation', undefined, address))?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(await redis.get(`${prefix}:mutation:address:${address}`))).toBe(2);
  });

  it('takes at most 10 points ahead, so a router with a far larger limit leaves a smaller budget in the same count nearly whole', async () => {
    const prefix = `test:router-rate:${randomUUID()}`;
    const unlimited = { perUser: 1_000_000, perAddress: 1_000_000 };
    const roomy = new RouterRateLimiter(redis, { query: unlimited, mutation: unlimited }, prefix);
    const shops = new RouterRateLimiter(redis, { query: { perUser: 600, perAddress: 300 }, mutation: { perUser: 120, perAddress: 60 } }, prefix);
    const account = randomUUID();
    expect(await spend(roomy, 1, 'mutation', account, uniqueAddress())).toBeUndefined();
    expect(Number(await redis.get(`${prefix}:mutation:user:${account}`))).toBe(11);
    expect(await spend(shops, 10, 'mutation', account, uniqueAddress())).toBeUndefined();
  });

  describe('a budget of 300 a minute (a router counts 1% of it ahead)', () => {
    const LARGER: RateLimits = { query: { perUser: 300, perAddress: 300 }, mutation: { perUser: 300, perAddress: 300 } };

    it('counts in Redis once for an operation and the three after it', async () => {
      const prefix = `test:router-rate:${randomUUID()}`;
      const limiter = new RouterRateLimiter(redis, LARGER, prefix);
      const account = randomUUID();
      const counted = async () => Number(await redis.get(`${prefix}:query:user:${account}`));
      expect(await spend(limiter, 1, 'query', account, uniqueAddress())).toBeUndefined();
      expect(await counted()).toBe(4);
      expect(await spend(limiter, 3, 'query', account, uniqueAddress())).toBeUndefined();
      expect(await counted()).toBe(4);
      expect(await spend(limiter, 1, 'query', account, uniqueAddress())).toBeUndefined();
      expect(await counted()).toBe(8);
    });

    it('never lets a caller run more than the budget through two routers at once', async () => {
      const prefix = `test:router-rate:${randomUUID()}`;
      const routers = [new RouterRateLimiter(redis, LARGER, prefix), new RouterRateLimiter(redis, LARGER, prefix)];
      const account = randomUUID();
      // 290 of the minute's 300 spent already (elsewhere): ten left, asked for ten times on each router at once.
      await redis.set(`${prefix}:query:user:${account}`, 290, 'PX', 60_000);
      const outcomes = (
        await Promise.all(routers.map((router) => Promise.allSettled(Array.from({ length: 10 }, () => router.consume('query', account, uniqueAddress())))))
      ).flat();
      const ran = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
      expect(ran).toBeLessThanOrEqual(10);
      // At most what each router took ahead and did not spend (3) is lost to the caller.
      expect(ran).toBeGreaterThanOrEqual(10 - 2 * 3);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') expect((outcome.reason as { extensions?: { code?: string } }).extensions?.code).toBe('TOO_MANY_ATTEMPTS');
      }
      expect((await spend(routers[0], 1, 'query', account, uniqueAddress()))?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
      expect((await spend(routers[1], 1, 'query', account, uniqueAddress()))?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    });
  });
});

describe('router rate limits while Redis is down', () => {
  let redis: Redis;
  beforeAll(async () => {
    // A port that was free a moment ago: nothing answers there.
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    redis = connectRouterRedis(`redis://127.0.0.1:${port}/0`, logger);
  });
  afterAll(() => redis?.disconnect());

  it('keeps limiting in memory, at once, without failing the request', async () => {
    const limiter = new RouterRateLimiter(redis, LIMITS);
    const address = uniqueAddress();
    const started = Date.now();
    expect(await spend(limiter, 2, 'query', undefined, address)).toBeUndefined();
    expect((await spend(limiter, 1, 'query', undefined, address))?.extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
