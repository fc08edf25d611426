// Hostile input through the router (and straight at the subgraphs behind it): each class is refused with a
// client error and a stable code, fast, and nothing changes in any store.
import { createHash, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter } from '../../router/router';
import type { RunningService } from '../../runtime/http-service';
import { MAX_INPUT_DEPTH } from '../../runtime/input-depth';
import { expectData, unique } from '../support/graphql';
import { roomyRouterRateLimits } from '../support/router-limits';
import { createShopProduct } from '../support/shop';
import { routerSubgraphCalls } from '../support/router-subgraph-calls';
import { startSupergraph, untilReady, type RunningSupergraph } from '../support/supergraph';
import { testEnv } from '../support/test-env';
import { asCustomer, asStaff, testKeys } from '../support/tokens';
import { testMongoClient } from '../support/mongo-client';

/** Every refusal here comes back well within this (a stack overflow or a hang would not). */
const FAST_MS = 2_000;

interface Answer {
  status: number;
  body: { data?: any; errors?: Array<{ message: string; extensions?: Record<string, any> }> };
  ms: number;
}

/** POSTs a body (JSON text as it is, or a value to serialise) to a GraphQL endpoint; the answer and how long it took. */
async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text), ms: performance.now() - started };
}

async function get(url: string, params: Record<string, string>): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${url}?${new URLSearchParams(params).toString()}`, { headers: { 'apollo-require-preflight': 'true' } });
  return { status: response.status, body: JSON.parse(await response.text()), ms: performance.now() - started };
}

const codesOf = (answer: Answer) => (answer.body.errors ?? []).map((error) => error.extensions?.code);

/** `[[[…]]]` or `{"a":{"a":…}}` `depth` levels deep, as JSON text (JSON.stringify itself would overflow building it). */
const deepArray = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const deepObject = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const withVariables = (query: string, variables: string) => `{"query":${JSON.stringify(query)},"variables":${variables}}`;

const ONE_PRODUCT = '{ products(first: 1) { edges { node { id } } } }';
const SEARCH = 'query($search: String) { products(first: 1, search: $search) { edges { node { id } } } }';
const FILTERED = 'query($filter: ProductFilter) { products(first: 1, filter: $filter) { edges { node { id } } } }';
const SUBMIT = 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id status } }';
const REVIEW = 'query($id: ID!) { review(id: $id) { id status title } }';
const ORDERS_PLACED_FROM = 'query($from: DateTimeISO) { orders(first: 1, filter: { placedFrom: $from }) { edges { node { id } } } }';

describe('hostile input', () => {
  let supergraph: RunningSupergraph;
  /** A second router in front of the same subgraphs, with the response cache off. */
  let uncached: RunningService;
  let routers: Array<[string, string]>;
  const mongo = testMongoClient();

  beforeAll(async () => {
    supergraph = await startSupergraph();
    const overrides = Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
    const { jwksUrl } = await testKeys();
    uncached = await startRouter({ ...testEnv, ...roomyRouterRateLimits, PORT: '0', AUTH_JWKS_URL: jwksUrl, ...overrides, ROUTER_RESPONSE_CACHE: 'off' });
    await untilReady(uncached.url);
    routers = [
      ['cache on', supergraph.routerUrl],
      ['cache off', uncached.url],
    ];
    await mongo.connect();
  }, 120_000);
  afterAll(async () => {
    await uncached?.stop();
    await supergraph?.stop();
    await mongo.close();
  });

  const subgraph = (name: string) => supergraph.subgraphs.get(name)!.url;

  /** The answer to `send`, and how many calls the router made to subgraphs meanwhile (0: it refused it alone). */
  const whileCounting = async (send: () => Promise<Answer>) => {
    const before = await routerSubgraphCalls(supergraph);
    const answer = await send();
    return { ...answer, subgraphCalls: (await routerSubgraphCalls(supergraph)) - before };
  };

  /** A refusal by the router itself: the status and code, fast, and no subgraph called (so no store touched). */
  const expectRefusedAtRouter = async (send: () => Promise<Answer>, status: number, code: string) => {
    const answer = await whileCounting(send);
    expect({ status: answer.status, codes: codesOf(answer) }).toEqual({ status, codes: [code] });
    expect(answer.ms).toBeLessThan(FAST_MS);
    expect(answer.subgraphCalls).toBe(0);
    return answer.body.errors![0];
  };

  describe('variables nested thousands of levels deep', () => {
    const shapes: Array<[string, string, string]> = [
      ['an unused array', ONE_PRODUCT, `{"unused":${deepArray(10_000)}}`],
      ['an unused object', ONE_PRODUCT, `{"unused":${deepObject(10_000)}}`],
      ['a used array', SEARCH, `{"search":${deepArray(10_000)}}`],
      ['a used object', FILTERED, `{"filter":${deepObject(10_000)}}`],
    ];

    it.each(shapes)('refuses %s with 400 INPUT_TOO_DEEP, with the response cache on or off', async (_shape, query, variables) => {
      for (const [, url] of routers) {
        const error = await expectRefusedAtRouter(() => post(url, withVariables(query, variables)), 400, 'INPUT_TOO_DEEP');
        expect(error.extensions).toMatchObject({ limit: MAX_INPUT_DEPTH });
      }
    });

    it('refuses them in a batch and in a GET as well', async () => {
      for (const [, url] of routers) {
        await expectRefusedAtRouter(() => post(url, `[${withVariables(ONE_PRODUCT, `{"deep":${deepArray(5_000)}}`)}]`), 400, 'INPUT_TOO_DEEP');
        // (A URL is short: a thousand levels, percent-encoded, is already 6 kB of it.)
        await expectRefusedAtRouter(() => get(url, { query: ONE_PRODUCT, variables: `{"deep":${deepArray(1_000)}}` }), 400, 'INPUT_TOO_DEEP');
      }
    });

    it('counts the limit over the whole body: the body and its variables are two of the levels', async () => {
      for (const [, url] of routers) {
        const within = await post(url, withVariables(ONE_PRODUCT, `{"unused":${deepArray(MAX_INPUT_DEPTH - 2)}}`));
        expect(within.status).toBe(200);
        expect(within.body.errors).toBeUndefined();
        await expectRefusedAtRouter(() => post(url, withVariables(ONE_PRODUCT, `{"unused":${deepArray(MAX_INPUT_DEPTH - 1)}}`)), 400, 'INPUT_TOO_DEEP');
      }
    });

    it('refuses them on graphql-ws too, before the subscription is checked', async () => {
      const socket = new WebSocket(supergraph.routerUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
      const messages: Array<{ type: string; payload?: any }> = [];
      socket.on('message', (data) => messages.push(JSON.parse((data as Buffer).toString('utf8'))));
      const next = async (type: string) => {
        const deadline = Date.now() + FAST_MS;
        while (!messages.some((message) => message.type === type)) {
          if (Date.now() > deadline) throw new Error(`no ${type} message; got ${JSON.stringify(messages)}`);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return messages.find((message) => message.type === type)!;
      };
      try {
        await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
        socket.send(JSON.stringify({ type: 'connection_init', payload: await asCustomer() }));
        await next('connection_ack');
        const query = JSON.stringify('subscription($id: ID!) { orderStatusChanged(orderId: $id) { id status } }');
        socket.send(`{"id":"1","type":"subscribe","payload":{"query":${query},"variables":{"id":"x","deep":${deepArray(10_000)}}}}`);
        const refused = await next('error');
        expect(refused.payload.map((error: { extensions?: { code?: string } }) => error.extensions?.code)).toEqual(['INPUT_TOO_DEEP']);
      } finally {
        socket.close();
      }
    });

    it('is refused the same by a subgraph reached directly', async () => {
      const answer = await post(subgraph('catalog'), withVariables(ONE_PRODUCT, `{"unused":${deepObject(10_000)}}`));
      expect({ status: answer.status, codes: codesOf(answer) }).toEqual({ status: 400, codes: ['INPUT_TOO_DEEP'] });
    });
  });

  describe('strings that are not text (NUL, unpaired surrogates)', () => {
    const cases: Array<[string, string, Record<string, unknown>, () => Promise<Record<string, string>>, string]> = [
      [
        'an email (variable)',
        'mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }',
        { input: { email: `nul\u0000${randomUUID()}@example.com`, password: 'a long enough password 1' } },
        async () => ({}),
        '$input.email',
      ],
      [
        'a name in an input object',
        'mutation($input: SendMessageInput!) { sendContactMessage(input: $input) { id } }',
        { input: { name: 'Ana\uD800', email: 'ana@example.com', subject: 'Hello', body: 'Hi there' } },
        async () => ({}),
        '$input.name',
      ],
      [
        'an address line',
        'mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }',
        { input: { recipient: 'Ana', line1: 'Calle \uDC00 1', city: 'Santiago', postalCode: '8320000', country: 'CL' } },
        asCustomer,
        '$input.line1',
      ],
      ['an id', 'mutation($p: ID!) { addToWishlist(productId: $p) { id } }', { p: 'abc\u0000' }, asCustomer, '$p'],
      ['a search literal', '{ products(first: 1, search: "ro\\u0000ses") { edges { node { id } } } }', {}, async () => ({}), 'search'],
      // (An unpaired surrogate cannot even be written in a GraphQL string literal: the parser refuses it.)
      [
        'a list item literal in an input object',
        '{ products(first: 1, filter: { colours: ["red", "bl\\u0000ue"] }) { edges { node { id } } } }',
        {},
        async () => ({}),
        'filter.colours',
      ],
      ['a list item variable', FILTERED, { filter: { colours: ['red', 'bl\u0000ue'] } }, async () => ({}), '$filter.colours[1]'],
    ];

    it.each(cases)('refuses %s with 400 BAD_USER_INPUT naming it, before any subgraph', async (_case, query, variables, headers, field) => {
      for (const [, url] of routers) {
        const error = await expectRefusedAtRouter(async () => post(url, { query, variables }, await headers()), 400, 'BAD_USER_INPUT');
        expect(error.extensions?.field).toBe(field);
      }
    });

    it('is refused the same by every subgraph reached directly, before its store', async () => {
      const email = `nul\u0000${randomUUID()}@example.com`;
      const direct = await post(subgraph('auth'), {
        query: 'mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }',
        variables: { input: { email, password: 'a long enough password 1' } },
      });
      expect({ status: direct.status, codes: codesOf(direct) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
      const lone = await post(subgraph('users'), { query: 'query($id: ID!) { user(id: $id) { id } }', variables: { id: '\uD800' } }, await asStaff());
      expect({ status: lone.status, codes: codesOf(lone) }).toEqual({ status: 400, codes: ['BAD_USER_INPUT'] });
    });

    it('lets tabs, line breaks and paired surrogates through', async () => {
      const answer = await post(supergraph.routerUrl, { query: SEARCH, variables: { search: 'roses\tand\nlilies 🌹' } });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    });
  });

  describe('a DateTimeISO that is no date', () => {
    it('is refused with 400 BAD_USER_INPUT naming the argument, as a variable or a literal, before any subgraph', async () => {
      const staff = await asStaff();
      for (const [, url] of routers) {
        const variable = await expectRefusedAtRouter(
          () => post(url, { query: ORDERS_PLACED_FROM, variables: { from: 'yesterday' } }, staff),
          400,
          'BAD_USER_INPUT',
        );
        expect(variable.extensions?.field).toBe('filter.placedFrom');
        expect(variable.message).toMatch(/filter\.placedFrom/);
        const literal = await expectRefusedAtRouter(
          () => post(url, { query: '{ orders(first: 1, filter: { placedBefore: "2024-13-45" }) { edges { node { id } } } }' }, staff),
          400,
          'BAD_USER_INPUT',
        );
        expect(literal.extensions?.field).toBe('filter.placedBefore');
      }
    });

    it('lets a real instant through', async () => {
      const answer = await post(supergraph.routerUrl, { query: ORDERS_PLACED_FROM, variables: { from: '2024-01-01T00:00:00.000Z' } }, await asStaff());
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toBeUndefined();
    });
  });

  describe('entity representations sent straight to a subgraph', () => {
    const ENTITIES = 'query($representations: [_Any!]!) { _entities(representations: $representations) { __typename } }';
    const entities: Array<[string, string]> = [
      ['catalog', 'Product'],
      ['users', 'User'],
      ['auth', 'Account'],
      ['cart', 'Cart'],
      ['orders', 'Order'],
      ['wishlist', 'Wishlist'],
      ['reviews', 'Review'],
      ['contact', 'Ticket'],
    ];

    it.each(entities)('%s refuses a %s key that is an operator, not an id, with BAD_USER_INPUT', async (name, typename) => {
      for (const id of [{ $gt: '' }, ['a'], 42, 'x'.repeat(65)]) {
        const answer = await post(subgraph(name), { query: ENTITIES, variables: { representations: [{ __typename: typename, id }] } }, await asStaff());
        expect(answer.ms).toBeLessThan(FAST_MS);
        expect(codesOf(answer)).toEqual(['BAD_USER_INPUT']);
        expect(answer.body.errors![0].extensions).toMatchObject({ field: 'representations[0]' });
      }
    });

    it('refuses a representation of no entity of the subgraph, or a compound key with an operator inside', async () => {
      const unknownType = await post(subgraph('catalog'), { query: ENTITIES, variables: { representations: [{ __typename: 'Nope', id: 'x' }] } });
      expect(codesOf(unknownType)).toEqual(['BAD_USER_INPUT']);
      const lines = await post(subgraph('cart'), {
        query: ENTITIES,
        variables: { representations: [{ __typename: 'CartTotals', cartId: randomUUID(), lines: [{ productId: { $ne: null }, quantity: 1 }] }] },
      });
      expect(codesOf(lines)).toEqual(['BAD_USER_INPUT']);
      expect(lines.body.errors![0].message).toMatch(/lines\[0\]\.productId/);
    });

    it('still resolves well-formed representations (an unknown id is null)', async () => {
      const answer = await post(subgraph('catalog'), {
        query: ENTITIES,
        variables: { representations: [{ __typename: 'Product', id: '0123456789abcdef01234567' }] },
      });
      expect(answer.body.errors).toBeUndefined();
      expect(answer.body.data).toEqual({ _entities: [null] });
    });
  });

  describe('a review of a product that does not exist', () => {
    it('is NOT_FOUND and never reaches the moderation queue', async () => {
      const productId =
        '0123456789abcdef0123' +
        Math.floor(Math.random() * 0xffff)
          .toString(16)
          .padStart(4, '0');
      const answer = await post(
        supergraph.routerUrl,
        { query: SUBMIT, variables: { input: { productId, rating: 5, title: 'Lovely', body: 'Never existed.' } } },
        await asCustomer(),
      );
      expect(codesOf(answer)).toEqual(['NOT_FOUND']);
      expect(answer.body.errors![0].extensions).toMatchObject({ id: productId });
      expect(answer.ms).toBeLessThan(FAST_MS);
      expect(await mongo.db().collection('reviews').countDocuments({ productId })).toBe(0);
    });

    it('is taken for a product the catalog has', async () => {
      const productId = await createShopProduct(supergraph.routerUrl, unique('Hostile Tulips'));
      const { submitReview } = await expectData(
        supergraph.routerUrl,
        SUBMIT,
        { input: { productId, rating: 4, title: 'Fresh', body: 'Lasted a week.' } },
        await asCustomer(),
      );
      expect(submitReview.status).toBe('PENDING');
    });
  });

  describe('anonymous review(id)', () => {
    it('answers a review it may not see exactly as an unknown id: null, no error', async () => {
      const productId = await createShopProduct(supergraph.routerUrl, unique('Hostile Lilies'));
      const author = await asCustomer();
      const { submitReview } = await expectData(
        supergraph.routerUrl,
        SUBMIT,
        { input: { productId, rating: 1, title: 'Secret', body: 'Pending moderation.' } },
        author,
      );
      await expectData(
        supergraph.routerUrl,
        'mutation($id: ID!, $r: String!) { rejectReview(id: $id, reason: $r) { id } }',
        { id: submitReview.id, r: 'Off topic' },
        await asStaff(),
      );
      for (const [, url] of routers) {
        for (const headers of [{}, await asCustomer()]) {
          const rejected = await post(url, { query: REVIEW, variables: { id: submitReview.id } }, headers);
          const unknown = await post(url, { query: REVIEW, variables: { id: '0123456789abcdef01234567' } }, headers);
          expect({ status: rejected.status, data: rejected.body.data, errors: rejected.body.errors }).toEqual({
            status: 200,
            data: { review: null },
            errors: undefined,
          });
          expect({ status: unknown.status, data: unknown.body.data, errors: unknown.body.errors }).toEqual({
            status: 200,
            data: { review: null },
            errors: undefined,
          });
        }
      }
      expect((await expectData(supergraph.routerUrl, REVIEW, { id: submitReview.id }, author)).review).toMatchObject({ status: 'REJECTED' });
    });
  });

  describe('automatic persisted queries', () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

    it('refuses a hash that is not the query’s with 400 BAD_REQUEST, not an internal error', async () => {
      for (const [, url] of routers) {
        const error = await expectRefusedAtRouter(
          () => post(url, { query: ONE_PRODUCT, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('something else') } } }),
          400,
          'BAD_REQUEST',
        );
        expect(error.message).toMatch(/sha/);
        await expectRefusedAtRouter(
          () => post(url, { query: ONE_PRODUCT, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(ONE_PRODUCT) } } }),
          400,
          'BAD_REQUEST',
        );
      }
    });

    it('still answers an unknown hash with PERSISTED_QUERY_NOT_FOUND, and registers and runs a right one', async () => {
      const query = `{ products(first: 1) { edges { node { id name } } } } # ${randomUUID()}`;
      const unknown = await post(supergraph.routerUrl, { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(codesOf(unknown)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
      const registered = await post(supergraph.routerUrl, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } });
      expect(registered.status).toBe(200);
      expect(registered.body.errors).toBeUndefined();
    });
  });
});
