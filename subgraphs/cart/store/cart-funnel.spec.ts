import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMetricSamples } from '../../../test/support/metrics';
import { testEnv } from '../../../test/support/test-env';
import { cartFunnelMetrics } from './cart-funnel-metrics';
import { CartStore, MAX_LINE_QUANTITY, type CartFunnel } from './cart.store';

/** Every stage at zero, then the ones given. */
const funnelOf = (open: number, stages: Partial<CartFunnel['stages']>): CartFunnel => ({
  open,
  stages: { started: 0, ordered: 0, abandoned: 0, emptied: 0, merged: 0, ...stages },
});

// Each test has a funnel of its own (its own keys in the tests' Redis), so other tests and runs never change its counts.
describe("the carts' funnel: how carts with lines began and ended, kept in Redis (real Redis)", () => {
  let redis: Redis;
  const prefixes: string[] = [];
  beforeAll(() => {
    redis = new Redis(testEnv.REDIS_URL);
  });
  afterAll(async () => {
    for (const prefix of prefixes) await redis.del(`${prefix}:open`, `${prefix}:counts`);
    await redis.quit();
  });
  const storeWith = (ttlSeconds = 60) => {
    const prefix = `cart-funnel-spec:${randomUUID()}`;
    prefixes.push(prefix);
    return new CartStore(redis, ttlSeconds, 60, prefix);
  };
  const product = () => randomUUID();

  it('counts a cart once it gets its first line (two taps at once included), not when it is made; removing its lines empties it', async () => {
    const carts = storeWith();
    const cart = await carts.create(randomUUID());
    expect(await carts.funnel()).toEqual(funnelOf(0, {}));
    const [rose, tulip] = [product(), product()];
    await Promise.all([carts.addLine(cart, rose, 1, MAX_LINE_QUANTITY), carts.addLine(cart, rose, 1, MAX_LINE_QUANTITY)]);
    await carts.addLine(cart, tulip, 2, MAX_LINE_QUANTITY);
    expect(await carts.funnel()).toEqual(funnelOf(1, { started: 1 }));
    await carts.setLine(cart, rose, 0);
    expect(await carts.funnel()).toEqual(funnelOf(1, { started: 1 }));
    await carts.setLine(cart, tulip, 0);
    expect(await carts.funnel()).toEqual(funnelOf(0, { started: 1, emptied: 1 }));
    // Lines again: a new start; cleared: emptied again.
    await carts.addLine(cart, rose, 1, MAX_LINE_QUANTITY);
    await carts.clear(cart);
    expect(await carts.funnel()).toEqual(funnelOf(0, { started: 2, emptied: 2 }));
  });

  it('ends a cart as ordered when its order is placed, once per order event; lines added afterwards start it again', async () => {
    const carts = storeWith();
    const owner = randomUUID();
    const cart = await carts.create(owner);
    const [rose, tulip] = [product(), product()];
    await carts.addLine(cart, rose, 1, MAX_LINE_QUANTITY);
    await carts.addLine(cart, tulip, 1, MAX_LINE_QUANTITY);
    const event = randomUUID();
    // The event delivered twice at once (a redelivery racing the first).
    await Promise.all([carts.removeOrdered(event, cart.id, owner, [rose]), carts.removeOrdered(event, cart.id, owner, [rose])]);
    expect(await carts.funnel()).toEqual(funnelOf(0, { started: 1, ordered: 1 }));
    // The tulip left behind is the customer's; changing the cart again is a new start.
    await carts.addLine(cart, rose, 3, MAX_LINE_QUANTITY);
    expect(await carts.funnel()).toEqual(funnelOf(1, { started: 2, ordered: 1 }));
    // Someone else's order naming this cart changes nothing.
    await carts.removeOrdered(randomUUID(), cart.id, randomUUID(), [rose]);
    expect(await carts.funnel()).toEqual(funnelOf(1, { started: 2, ordered: 1 }));
  });

  it("ends a guest cart as merged when it is merged into the customer's, which starts if it had no lines", async () => {
    const carts = storeWith();
    const guest = await carts.create(null);
    const rose = product();
    await carts.addLine(guest, rose, 2, MAX_LINE_QUANTITY);
    const merged = await carts.merge(guest.id, randomUUID(), new Map([[rose, MAX_LINE_QUANTITY]]));
    expect(merged.status).toBe('merged');
    expect(await carts.funnel()).toEqual(funnelOf(1, { started: 2, merged: 1 }));
  });

  it('counts expired carts at the next change of any cart, so the set of open carts stays bounded where nothing reads the funnel', async () => {
    const carts = storeWith(1);
    for (let index = 0; index < 3; index += 1) await carts.addLine(await carts.create(null), product(), 1, MAX_LINE_QUANTITY);
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    // Not read through funnel() (the metrics' sweep): a change of another cart counts them.
    await carts.addLine(await carts.create(null), product(), 1, MAX_LINE_QUANTITY);
    const prefix = prefixes.at(-1)!;
    expect(await redis.zcard(`${prefix}:open`)).toBe(1);
    expect(await redis.hget(`${prefix}:counts`, 'abandoned')).toBe('3');
    expect(await carts.funnel()).toEqual(funnelOf(1, { started: 4, abandoned: 3 }));
  });

  it('counts a cart that expired with its lines as abandoned, once, however many replicas read the funnel at once', async () => {
    const carts = storeWith(1);
    const [kept, left] = [await carts.create(randomUUID()), await carts.create(null)];
    await carts.addLine(left, product(), 1, MAX_LINE_QUANTITY);
    await carts.addLine(kept, product(), 1, MAX_LINE_QUANTITY);
    expect(await carts.funnel()).toEqual(funnelOf(2, { started: 2 }));
    // An empty cart that expires is no abandoned cart.
    await carts.create(randomUUID());
    // Whole seconds, one of slack: a cart that expired is counted at most 2 s after its expiry.
    await new Promise((resolve) => setTimeout(resolve, 3_100));
    const readings = await Promise.all([carts.funnel(), carts.funnel(), carts.funnel()]);
    expect(readings.at(-1)).toEqual(funnelOf(0, { started: 2, abandoned: 2 }));
    expect(await carts.funnel()).toEqual(funnelOf(0, { started: 2, abandoned: 2 }));
  });

  it('is served on the metrics port as counters by stage (every stage a series) and a gauge of open carts', async () => {
    const carts = storeWith();
    const registry = new Registry();
    cartFunnelMetrics(registry, carts);
    const cart = await carts.create(randomUUID());
    await carts.addLine(cart, product(), 1, MAX_LINE_QUANTITY);
    const text = await registry.metrics();
    expect(text).toContain('# TYPE cart_funnel_total counter');
    expect(parseMetricSamples(text, 'cart_funnel_total')).toEqual(
      ['started', 'ordered', 'abandoned', 'emptied', 'merged'].map((stage) => ({ labels: { stage }, value: stage === 'started' ? 1 : 0 })),
    );
    expect(parseMetricSamples(text, 'cart_funnel_open')).toEqual([{ labels: {}, value: 1 }]);
  });

  it('leaves the funnel out of a scrape while Redis cannot be read, and serves it again afterwards', async () => {
    const client = new Redis(testEnv.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false });
    await client.connect();
    const registry = new Registry();
    cartFunnelMetrics(registry, new CartStore(client, 60, 60, `cart-funnel-spec:${randomUUID()}`));
    expect(parseMetricSamples(await registry.metrics(), 'cart_funnel_open')).toEqual([{ labels: {}, value: 0 }]);
    const ended = new Promise((resolve) => client.once('end', resolve));
    client.disconnect();
    await ended;
    const text = await registry.metrics();
    expect(parseMetricSamples(text, 'cart_funnel_total')).toEqual([]);
    expect(parseMetricSamples(text, 'cart_funnel_open')).toEqual([]);
    await client.connect();
    expect(parseMetricSamples(await registry.metrics(), 'cart_funnel_open')).toEqual([{ labels: {}, value: 0 }]);
    client.disconnect();
  });
});
