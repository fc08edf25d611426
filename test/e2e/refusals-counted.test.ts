// Issue #13, "count every request": requests the router refuses before any operation runs (a body too large or
// unreadable, input too deep, no query, CSRF, a refused socket…) spend the caller's budget as any request does;
// past it, the answer is the rate limit's refusal.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueAddress } from '../support/client-address';
import { refusalCodes, subscribe, subscriptionClientFrom } from '../support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { testKeys } from '../support/tokens';

const ONE_PRODUCT = '{ products(first: 1) { edges { node { id } } } }';
const STAFF_FEED = 'subscription { orderUpdates { id status } }';

// Small limits; every request comes from an address of its own (X-Forwarded-For through one trusted proxy).
const LIMITS = {
  TRUST_PROXY_HOPS: '1',
  ROUTER_RATE_LIMIT_ANONYMOUS_QUERY_PER_MINUTE: '3',
  ROUTER_RATE_LIMIT_ANONYMOUS_MUTATION_PER_MINUTE: '3',
  ROUTER_RATE_LIMIT_QUERY_PER_MINUTE: '4',
  ROUTER_MAX_BODY_BYTES: '2000',
  ROUTER_WS_MAX_CONNECTIONS_PER_ADDRESS: '1',
  ROUTER_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '1',
};

interface Answer {
  status: number;
  headers: Headers;
  codes: unknown[];
}

/** `[[…]]` nested `depth` levels, as JSON text. */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A request body sent without a length (chunked): Express reads it, not the cache fast path. */
const chunked = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

describe('every request spends the caller’s budget, also one refused before any operation runs', () => {
  let supergraph: RunningSupergraph;
  let redis: Redis;
  beforeAll(async () => {
    supergraph = await startSupergraph(LIMITS);
    redis = new Redis(testEnv.REDIS_URL);
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await supergraph?.stop();
  });

  /** Sends a request to /graphql as a client at `address`; `body` as it is (text, a stream) or as JSON. */
  const send = async (
    address: string,
    init: { method?: string; search?: Record<string, string>; headers?: Record<string, string>; body?: unknown } = {},
  ): Promise<Answer> => {
    const { body } = init;
    const raw = typeof body === 'string' || body instanceof ReadableStream || body === undefined;
    const response = await fetch(`${supergraph.routerUrl}${init.search ? `?${new URLSearchParams(init.search).toString()}` : ''}`, {
      method: init.method ?? (body === undefined ? 'GET' : 'POST'),
      headers: { 'x-forwarded-for': address, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...init.headers },
      body: raw ? (body as string | ReadableStream | undefined) : JSON.stringify(body),
      ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
    });
    const text = await response.text();
    let parsed: { errors?: Array<{ extensions?: { code?: string } }> } | undefined;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: response.status, headers: response.headers, codes: (parsed?.errors ?? []).map((error) => error.extensions?.code) };
  };
  const post = (address: string, body: unknown, headers: Record<string, string> = {}) => send(address, { body, headers });

  /** The next request from `address` (a good query) is the rate limit's refusal: 429, TOO_MANY_ATTEMPTS, Retry-After. */
  const expectSpent = async (address: string) => {
    const refused = await post(address, { query: ONE_PRODUCT });
    expect({ status: refused.status, codes: refused.codes }).toEqual({ status: 429, codes: ['TOO_MANY_ATTEMPTS'] });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  };

  describe('over HTTP', () => {
    it('counts bodies over the size limit (413 PAYLOAD_TOO_LARGE), with or without a declared length', async () => {
      const address = uniqueAddress();
      const oversized = JSON.stringify({ query: ONE_PRODUCT, variables: { padding: 'x'.repeat(3_000) } });
      for (const body of [oversized, oversized, chunked(oversized)]) {
        const refused = await post(address, body);
        expect({ status: refused.status, codes: refused.codes }).toEqual({ status: 413, codes: ['PAYLOAD_TOO_LARGE'] });
      }
      await expectSpent(address);
    });

    it('counts bodies that are not JSON (400 BAD_REQUEST), read by the cache fast path or by Express', async () => {
      const address = uniqueAddress();
      for (const body of ['{"query": ', '{"query": ', chunked('{"query": ')]) {
        const refused = await post(address, body);
        expect({ status: refused.status, codes: refused.codes }).toEqual({ status: 400, codes: ['BAD_REQUEST'] });
      }
      await expectSpent(address);
    });

    it('counts input nested too deep (400 INPUT_TOO_DEEP), in a POST, a batch or a GET', async () => {
      const address = uniqueAddress();
      const deep = `{"query":${JSON.stringify(ONE_PRODUCT)},"variables":{"deep":${deepArray(100)}}}`;
      const refusals = [
        await post(address, deep),
        await post(address, `[${deep}]`),
        await send(address, { search: { query: ONE_PRODUCT, variables: `{"deep":${deepArray(100)}}` }, headers: { 'apollo-require-preflight': 'true' } }),
      ];
      for (const refused of refusals) expect({ status: refused.status, codes: refused.codes }).toEqual({ status: 400, codes: ['INPUT_TOO_DEEP'] });
      await expectSpent(address);
    });

    it('counts requests refused by CSRF prevention', async () => {
      const address = uniqueAddress();
      const refusals = [
        await send(address, { search: { query: ONE_PRODUCT } }),
        await post(address, JSON.stringify({ query: ONE_PRODUCT }), { 'content-type': 'text/plain' }),
        await post(address, 'query=%7B__typename%7D', { 'content-type': 'application/x-www-form-urlencoded' }),
      ];
      for (const refused of refusals) expect({ status: refused.status, codes: refused.codes }).toEqual({ status: 400, codes: ['BAD_REQUEST'] });
      await expectSpent(address);
    });

    it('counts requests without a query, or of a content type the router does not read', async () => {
      const address = uniqueAddress();
      const preflight = { 'apollo-require-preflight': 'true' };
      const refusals = [
        await post(address, {}),
        await post(address, { variables: {} }),
        await post(address, ONE_PRODUCT, { ...preflight, 'content-type': 'application/graphql' }),
      ];
      for (const refused of refusals) expect({ status: refused.status, codes: refused.codes }).toEqual({ status: 400, codes: ['BAD_REQUEST'] });
      await expectSpent(address);
    });

    it('counts GET requests of a mutation (405), against the mutation budget', async () => {
      const address = uniqueAddress();
      const getMutation = () =>
        send(address, { search: { query: 'mutation { addToWishlist(productId: "none") { id } }' }, headers: { 'apollo-require-preflight': 'true' } });
      for (let i = 0; i < 3; i += 1) expect((await getMutation()).status).toBe(405);
      const refused = await getMutation();
      expect({ status: refused.status, codes: refused.codes }).toEqual({ status: 429, codes: ['TOO_MANY_ATTEMPTS'] });
    });

    it('counts persisted query refusals (an unknown hash, a wrong hash, an unknown version)', async () => {
      const address = uniqueAddress();
      const hash = (version: number, sha256Hash: string) => ({ persistedQuery: { version, sha256Hash } });
      const refusals = [
        await post(address, { extensions: hash(1, randomUUID().replaceAll('-', '').repeat(2)) }),
        await post(address, { query: ONE_PRODUCT, extensions: hash(1, '0'.repeat(64)) }),
        await post(address, { query: ONE_PRODUCT, extensions: hash(2, '0'.repeat(64)) }),
      ];
      expect(refusals.map((refused) => refused.codes)).toEqual([['PERSISTED_QUERY_NOT_FOUND'], ['BAD_REQUEST'], ['BAD_REQUEST']]);
      await expectSpent(address);
    });

    it('counts each operation once, against the budget of the operation it resolves to', async () => {
      const address = uniqueAddress();
      const counted = async () => [
        Number((await redis.get(`router:rate:query:address:${address}`)) ?? 0),
        Number((await redis.get(`router:rate:mutation:address:${address}`)) ?? 0),
      ];
      // A mutation behind a query in its document: the mutation's budget, not the query's.
      const mutationSecond = { query: 'query First { __typename } mutation Second { addToWishlist(productId: "none") { id } }', operationName: 'Second' };
      expect((await post(address, mutationSecond)).codes).toEqual(['UNAUTHENTICATED']);
      expect(await counted()).toEqual([0, 1]);
      expect((await post(address, { query: ONE_PRODUCT })).status).toBe(200);
      expect(await counted()).toEqual([1, 1]);
      expect((await post(address, [{ query: ONE_PRODUCT }, { query: '{ __typename }' }])).status).toBe(200);
      expect(await counted()).toEqual([3, 1]);
      await expectSpent(address);
    });
  });

  describe('over graphql-ws', () => {
    const staff = async () => `Bearer ${await (await testKeys()).sign({ accountId: randomUUID(), roles: ['STAFF'] }, { expiresIn: '5m' })}`;
    const disposers: Array<() => Promise<void> | void> = [];
    afterAll(async () => {
      await Promise.all(disposers.map(async (dispose) => dispose()));
    });

    /** A graphql-ws client whose socket comes "from" `address`; resolves once it is connected or closed. */
    async function socketFrom(address: string, authorization: string) {
      const opened = await subscriptionClientFrom(supergraph.routerUrl, address, authorization);
      disposers.push(() => opened.client.dispose());
      return opened;
    }

    it('counts sockets refused for their token (4403): past the budget they close with 4429, and HTTP is refused too', async () => {
      const address = uniqueAddress();
      for (let i = 0; i < 3; i += 1) expect((await socketFrom(address, 'Bearer not-a-token')).closed()).toMatchObject({ code: 4403 });
      expect((await socketFrom(address, 'Bearer not-a-token')).closed()).toMatchObject({ code: 4429, reason: expect.stringMatching(/^Too many queries/) });
      await expectSpent(address);
    });

    it('counts sockets refused for too many connections', async () => {
      const address = uniqueAddress();
      const first = await socketFrom(address, '');
      expect(first.closed()).toBeUndefined();
      for (let i = 0; i < 3; i += 1)
        expect((await socketFrom(address, '')).closed()).toMatchObject({ code: 4429, reason: 'Too many connections from this address' });
      expect((await socketFrom(address, '')).closed()).toMatchObject({ code: 4429, reason: expect.stringMatching(/^Too many queries/) });
      await expectSpent(address);
    });

    it('counts subscribes refused with TOO_MANY_SUBSCRIPTIONS: past the budget, TOO_MANY_ATTEMPTS', async () => {
      const { client } = await socketFrom(uniqueAddress(), await staff()); // one account: a budget of 4
      const running = subscribe(client, STAFF_FEED);
      const codes: unknown[] = [];
      for (let i = 0; i < 4; i += 1) {
        const refused = subscribe(client, STAFF_FEED);
        await refused.ended();
        codes.push(refusalCodes(refused)[0]);
      }
      expect(codes).toEqual(['TOO_MANY_SUBSCRIPTIONS', 'TOO_MANY_SUBSCRIPTIONS', 'TOO_MANY_SUBSCRIPTIONS', 'TOO_MANY_ATTEMPTS']);
      expect(running.error).toBeUndefined();
    });
  });
});
