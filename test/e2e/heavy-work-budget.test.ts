// Issue #13, bounded work per client: heavy documents and costly operations spend more of the caller's budget,
// each router lets a caller spend it only so fast, and a refusal for a spent budget is held before it is sent.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueAddress } from '../support/client-address';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';

const HOLD_MS = 400;
// 12 a minute: a burst of 10 points on this router, then one point every 5 s (slow enough that a slow first
// answer does not refill the bucket in between).
const LIMITS = { TRUST_PROXY_HOPS: '1', ROUTER_RATE_LIMIT_ANONYMOUS_QUERY_PER_MINUTE: '12', ROUTER_REFUSAL_HOLD_MS: String(HOLD_MS) };

const ORDINARY = '{ products(first: 1) { edges { node { id } } } }';
// Documents of this run's own: a cached answer (of an earlier run) is served for one point, whatever its weight.
const RUN = randomUUID().replace(/-/g, '');
/** 300 selections: 9 points (8 for its selections). */
const wide = (n: number) => `query Wide${n}${RUN} { products(first: 1) { edges { node { ${'name '.repeat(297)} } } } }`;
/** Costs about 6,700: 10 points (9 for its cost), known once it is validated. */
const costly = (n: number) =>
  `query Costly${n}${RUN} { products(first: 40) { edges { node { id name reviews(first: 40) { edges { node { id rating body } } } } } } }`;

describe('heavy work spends more of the budget, and not all at once', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph(LIMITS);
  }, 120_000);
  afterAll(async () => {
    await supergraph?.stop();
  });

  const post = async (address: string, query: string) => {
    const started = performance.now();
    const response = await fetch(supergraph.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
      body: JSON.stringify({ query }),
    });
    const body = (await response.json()) as { errors?: Array<{ message: string; extensions?: { code?: string; retryAfterSeconds?: number } }> };
    return { status: response.status, ms: performance.now() - started, retryAfter: response.headers.get('retry-after'), errors: body.errors ?? [] };
  };

  it('refuses a second wide document sent at once, held, until the wait it names has passed', { timeout: 20_000 }, async () => {
    const address = uniqueAddress();
    expect((await post(address, wide(1))).status).toBe(200);
    const refused = await post(address, wide(2));
    expect(refused.status).toBe(429);
    expect(refused.errors[0]).toMatchObject({ message: expect.stringMatching(/at once/), extensions: { code: 'TOO_MANY_ATTEMPTS' } });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    // Held before it was sent (a client retrying in a loop gets one try per hold).
    expect(refused.ms).toBeGreaterThanOrEqual(HOLD_MS - 5);
    // After the wait it said, the caller goes on.
    await new Promise((resolve) => setTimeout(resolve, Number(refused.retryAfter) * 1000));
    expect((await post(address, ORDINARY)).status).toBe(200);
  });

  it('charges a costly operation once it is validated: a second one at once is refused, held too', async () => {
    const address = uniqueAddress();
    expect((await post(address, costly(1))).status).toBe(200);
    const refused = await post(address, costly(2));
    expect(refused.status).toBe(429);
    expect(refused.errors[0].extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(refused.ms).toBeGreaterThanOrEqual(HOLD_MS - 5);
  });

  it('holds a refusal given once the operation was validated (its cost points refused) as long as one given before it', { timeout: 30_000 }, async () => {
    const address = uniqueAddress();
    expect((await post(address, costly(3))).status).toBe(200); // its 10 points take the whole burst
    // One point back (5 s at one point every 5 s): enough to be let in, not for its cost, known only once validated.
    const first = await post(address, costly(4));
    expect(first.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(first.retryAfter) * 1000));
    const refused = await post(address, costly(5));
    expect(refused.status).toBe(429);
    expect(refused.errors[0].extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(refused.ms).toBeGreaterThanOrEqual(HOLD_MS - 5);
  });

  it('lets ordinary queries through up to the burst, then evenly', async () => {
    const address = uniqueAddress();
    const answers = [];
    for (let n = 0; n < 10; n += 1) answers.push((await post(address, ORDINARY)).status);
    expect(answers).toEqual(Array(10).fill(200));
    // Another address is not touched by this one's burst.
    expect((await post(uniqueAddress(), wide(3))).status).toBe(200);
  });
});
