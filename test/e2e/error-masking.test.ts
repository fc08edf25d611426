// Production answers tell a client nothing about how the shop is built: realistic traffic with its failures
// (misspelt and unknown fields, bad input, unauthenticated and badly signed calls, unreadable, oversized and
// refused requests, a store down, a subgraph down, a subgraph that leaks) against a production router and the
// production subgraphs called directly. Every answer is read for stack traces, file paths, SQL or ORM text,
// internal addresses and "Did you mean" suggestions; every error must keep its stable code and carry the
// request id of its answer.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRouter } from '../../router/router';
import type { RunningService } from '../../runtime/http-service';
import { leaksIn } from '../support/leaks';
import { roomyRouterRateLimits } from '../support/router-limits';
import { scriptedSubgraph, sendJson, type ScriptedSubgraph } from '../support/scripted-subgraph';
import { createShopProduct } from '../support/shop';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { subscribe, subscriptionClient } from '../support/subscriptions';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { testEnv } from '../support/test-env';
import { asCustomer, asStaff, testKeys } from '../support/tokens';

interface Answer {
  what: string;
  status: number;
  requestId: string | null;
  text: string;
  json?: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; extensions?: unknown };
}

async function send(what: string, url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: Answer['json'];
  try {
    json = JSON.parse(text) as Answer['json'];
  } catch {
    json = undefined;
  }
  return { what, status: response.status, requestId: response.headers.get('x-request-id'), text, json };
}

/** POSTs one operation as a client would. */
const post = (what: string, url: string, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  send(what, url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });

/**
 * Nothing internal in the answer, and every error typed and named by the request id. What resolvers return as
 * data is left out of the reading: other tests' products share the catalog, and data is not where errors leak.
 */
function expectNothingTold(answer: Answer): void {
  const read =
    answer.json && typeof answer.json === 'object' && !Array.isArray(answer.json) ? JSON.stringify({ ...answer.json, data: undefined }) : answer.text;
  expect(leaksIn(read), `${answer.what}: ${read}`).toEqual([]);
  const answers = Array.isArray(answer.json) ? (answer.json as Answer['json'][]) : [answer.json];
  for (const single of answers) {
    for (const error of single?.errors ?? []) {
      expect(typeof error.extensions?.code, `${answer.what}: ${JSON.stringify(error)}`).toBe('string');
      expect(error.extensions?.requestId, `${answer.what}: ${JSON.stringify(error)}`).toBe(answer.requestId);
    }
  }
}

const errorsOf = (answer: Answer) => answer.json?.errors ?? [];
const codesOf = (answer: Answer) => errorsOf(answer).map((error) => error.extensions?.code);

const PRODUCTS = '{ products(first: 2) { edges { node { id name } } } }';

/** The failures every GraphQL endpoint must answer without telling anything (router and subgraphs alike). */
async function commonFailures(name: string, url: string): Promise<Answer[]> {
  const json = { 'content-type': 'application/json' };
  return Promise.all([
    post(`${name}: a parse error`, url, '{ products {'),
    post(`${name}: introspection`, url, '{ __schema { types { name } } }'),
    post(`${name}: a misspelt federation field`, url, '{ _servce { sdl } }'),
    post(`${name}: a badly signed token`, url, '{ __typename }', {}, { authorization: 'Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2lnbmF0dXJl' }),
    post(`${name}: an Authorization header that is no bearer token`, url, '{ __typename }', {}, { authorization: 'Basic dXNlcjpwYXNz' }),
    send(`${name}: an unreadable body`, url, { method: 'POST', headers: json, body: '{"query": ' }),
    send(`${name}: a body without a query`, url, { method: 'POST', headers: json, body: '{}' }),
    send(`${name}: a body that is no operation`, url, { method: 'POST', headers: json, body: '"{ __typename }"' }),
    send(`${name}: a simple POST a browser could be tricked into (CSRF)`, url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ __typename }"}',
    }),
    send(`${name}: a mutation over GET`, `${url}?query=${encodeURIComponent('mutation { __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } }),
    send(`${name}: variables that are not JSON, over GET`, `${url}?query=${encodeURIComponent('{ __typename }')}&variables=%7B`, {
      headers: { 'apollo-require-preflight': 'true' },
    }),
    send(`${name}: metrics on the public port`, url.replace(/\/graphql$/, '/metrics')),
    send(`${name}: an unknown path`, url.replace(/\/graphql$/, '/.env')),
  ]);
}

describe('production answers tell nothing internal', () => {
  let supergraph: RunningSupergraph;
  /** The users subgraph reaches PostgreSQL through this: down, its store is down. */
  let usersDatabase: TcpProxy;
  let customer: Record<string, string>;

  beforeAll(async () => {
    usersDatabase = await startTcpProxy(testEnv.DATABASE_URL);
    supergraph = await startSupergraph({ NODE_ENV: 'production', SUBGRAPH_RETRIES: '0' }, (name) => ({
      NODE_ENV: 'production',
      ...(name === 'users' ? { DATABASE_URL: usersDatabase.url } : {}),
    }));
    customer = await asCustomer();
  }, 120_000);
  afterAll(async () => {
    await usersDatabase?.up();
    await supergraph?.stop();
    await usersDatabase?.down();
  });

  it('at the router: misspelt and unknown fields, bad input, refused callers, refused requests', async () => {
    const url = supergraph.routerUrl;
    const staff = await asStaff();
    const answers = [
      await post('a good query', url, PRODUCTS),
      await post('a misspelt root field', url, '{ prodcts(first: 1) { edges { node { id } } } }'),
      await post('an unknown field', url, '{ products(first: 1) { edges { node { id nmae } } } }'),
      await post('an unknown argument', url, '{ products(frist: 1) { edges { node { id } } } }'),
      await post('an unknown type', url, 'query($f: ProductFiltr) { products(first: 1, filter: $f) { edges { node { id } } } }'),
      await post('an enum value that is not one', url, 'query($s: ProductSort!) { products(first: 1, sortBy: $s) { edges { node { id } } } }', { s: 'PRICE' }),
      await post('a literal enum value that is not one', url, '{ products(first: 1, sortBy: PRICE) { edges { node { id } } } }'),
      await post(
        'a misspelt input field',
        url,
        'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
        { input: { nme: 'Peonies' } },
        staff,
      ),
      await post(
        'an input the domain refuses',
        url,
        'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }',
        { input: { name: '' } },
        staff,
      ),
      await post('a product that does not exist', url, 'query($id: ID!) { product(id: $id) { id name } }', { id: randomUUID() }),
      await post('a query that needs a signed-in caller', url, '{ me { id displayName } }'),
      await post('a staff query by a customer', url, '{ users(first: 1) { edges { node { id } } } }', {}, customer),
      await post(
        'an expired token',
        url,
        '{ me { id } }',
        {},
        {
          authorization: `Bearer ${await (await testKeys()).sign({ accountId: randomUUID(), roles: ['CUSTOMER'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`,
        },
      ),
      await send('a body over the limit', url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: PRODUCTS, variables: { pad: 'x'.repeat(1_100_000) } }),
      }),
      await send('a batch over the limit', url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(Array.from({ length: 11 }, () => ({ query: '{ __typename }' }))),
      }),
      await send('a batch with a bad operation', url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([{ query: '{ __typename }' }, { query: '{ prodcts { id } }' }]),
      }),
      ...(await commonFailures('router', url)),
    ];
    for (const answer of answers) expectNothingTold(answer);

    const byWhat = new Map(answers.map((answer) => [answer.what, answer]));
    expect(codesOf(byWhat.get('a misspelt root field')!)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(errorsOf(byWhat.get('a misspelt root field')!)[0].message).toBe('Cannot query field "prodcts" on type "Query".');
    expect(codesOf(byWhat.get('an enum value that is not one')!)).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(byWhat.get('a misspelt input field')!)).toContain('BAD_USER_INPUT');
    expect(codesOf(byWhat.get('a query that needs a signed-in caller')!)).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(byWhat.get('a staff query by a customer')!)).toEqual(['FORBIDDEN']);
    expect(codesOf(byWhat.get('router: a badly signed token')!)).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(byWhat.get('a body over the limit')!)).toEqual(['PAYLOAD_TOO_LARGE']);
    expect(codesOf(byWhat.get('a batch over the limit')!)).toEqual(['BATCH_TOO_LARGE']);
    expect(codesOf(byWhat.get('router: a simple POST a browser could be tricked into (CSRF)')!)).toEqual(['BAD_REQUEST']);
    expect(byWhat.get('router: metrics on the public port')!.status).toBe(404);
  });

  it('at the router, to a subscription with a misspelt field or a bad variable, with a request id', async () => {
    const client = subscriptionClient(supergraph.routerUrl, customer.authorization);
    try {
      for (const [query, variables] of [
        ['subscription { orderStatusChangd(orderId: "x") { status } }', {}],
        ['subscription($id: ID!) { orderStatusChanged(orderId: $id) { statuss } }', { id: randomUUID() }],
      ] as const) {
        const received = subscribe(client, query, variables);
        await received.ended();
        const told = JSON.stringify(received.error instanceof Error ? received.error.message : received.error);
        expect(leaksIn(told), told).toEqual([]);
        expect(Array.isArray(received.error), told).toBe(true);
        // Each refusal carries the subscribe's request id, as every HTTP error does.
        for (const error of received.error as Array<{ extensions?: Record<string, unknown> }>) {
          expect(error.extensions?.requestId, told).toMatch(/^[0-9a-f-]{36}$/);
        }
      }
    } finally {
      await client.dispose();
    }
  });

  it('at every subgraph, called directly', async () => {
    const answers: Answer[] = [];
    for (const [name, service] of supergraph.subgraphs) {
      answers.push(await post(`${name}: a good query`, service.url, '{ _service { sdl } }'), ...(await commonFailures(name, service.url)));
    }
    const catalog = supergraph.subgraphs.get('catalog')!.url;
    answers.push(
      await post('catalog: a misspelt field', catalog, '{ prodcts(first: 1) { edges { node { id } } } }'),
      await post('catalog: an enum value that is not one', catalog, 'query($s: ProductSort!) { products(first: 1, sortBy: $s) { edges { node { id } } } }', {
        s: 'NAMES',
      }),
      await post('catalog: entities of a type it does not have', catalog, 'query($r: [_Any!]!) { _entities(representations: $r) { __typename } }', {
        r: [{ __typename: 'Secret', id: '1' }],
      }),
    );
    for (const answer of answers) expectNothingTold(answer);
    expect(answers.find((answer) => answer.what === 'catalog: a good query')!.status).toBe(200);
    expect(errorsOf(answers.find((answer) => answer.what === 'catalog: a misspelt field')!)[0].message).toBe('Cannot query field "prodcts" on type "Query".');
  });

  it('when a store is down: an internal error, from the router and from the subgraph itself, and a readiness that names no address', async () => {
    const users = supergraph.subgraphs.get('users')!;
    await usersDatabase.down();
    try {
      const answers = [
        await post('router: a profile while its store is down', supergraph.routerUrl, '{ me { id displayName } }', {}, customer),
        await post('users: a profile while its store is down', users.url, '{ me { id displayName } }', {}, customer),
        await send('users: readiness while its store is down', users.url.replace(/\/graphql$/, '/readyz')),
      ];
      for (const answer of answers) expectNothingTold(answer);
      expect(errorsOf(answers[0])[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR', serviceName: 'users' } });
      expect(errorsOf(answers[1])[0]).toMatchObject({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
      expect(answers[2].status).toBe(503);
      expect(answers[2].json).toMatchObject({ checks: { postgresql: 'failed' } });
    } finally {
      await usersDatabase.up();
    }
  });

  it("behind a subgraph that leaks (development settings, a proxy's page): the router passes none of it on", async () => {
    const id = await createShopProduct(supergraph.routerUrl, `Masked Marigolds ${randomUUID().slice(0, 6)}`);
    const stack = ['Error: connect ECONNREFUSED 127.0.0.1:5432', '    at ReviewStore.find (/app/dist/subgraphs/reviews/store/review.store.js:42:7)'];
    const leakyAnswers: Array<(res: ServerResponse) => void> = [
      (res) =>
        sendJson(res, 200, {
          data: { _entities: [null] },
          errors: [
            {
              message: 'Invalid `prisma.review.findMany()` invocation in /app/dist/x.js:3:9: SELECT * FROM "reviews"."Review" at 127.0.0.1:5432',
              path: ['_entities', 0, 'rating'],
              extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: stack },
            },
          ],
        }),
      (res) =>
        sendJson(res, 200, {
          data: { _entities: [null] },
          errors: [
            {
              message: 'Cannot query field "ratng" on type "Product". Did you mean "rating"?',
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', stacktrace: stack },
            },
          ],
        }),
      (res) =>
        sendJson(res, 200, {
          data: { _entities: [null] },
          errors: [{ message: 'Review store at mongodb://10.0.0.9:27017 failed', path: ['_entities', 0, 'rating'] }],
        }),
      (res) => sendJson(res, 401, { errors: [{ message: 'refused by http://reviews:3007/graphql', extensions: { code: 'UNAUTHENTICATED' } }] }),
      (res) =>
        sendJson(res, 400, {
          errors: [{ message: 'Variable "$representations" got invalid value; Did you mean "x"? (node_modules/graphql/execution/values.js:12:3)' }],
        }),
      (res) => {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end('<html>502 Bad Gateway: upstream 10.0.0.7:3007 (/etc/nginx/nginx.conf)</html>');
      },
    ];
    const leaky: ScriptedSubgraph = await scriptedSubgraph((call, res) => leakyAnswers[Math.min(call, leakyAnswers.length) - 1](res));
    const overrides = Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
    let router: RunningService | undefined;
    try {
      router = await startRouter({
        ...testEnv,
        ...roomyRouterRateLimits,
        NODE_ENV: 'production',
        PORT: '0',
        AUTH_JWKS_URL: (await testKeys()).jwksUrl,
        ...overrides,
        SUBGRAPH_REVIEWS_URL: leaky.url,
        SUBGRAPH_RETRIES: '0',
        ROUTER_RESPONSE_CACHE: 'off',
      });
      const answers: Answer[] = [];
      for (let call = 1; call <= leakyAnswers.length; call += 1) {
        answers.push(await post(`the leaky subgraph's answer ${call}`, router.url, 'query($id: ID!) { product(id: $id) { id rating { count } } }', { id }));
      }
      for (const answer of answers) expectNothingTold(answer);
      expect(answers.map((answer) => codesOf(answer)[0])).toEqual([
        'INTERNAL_SERVER_ERROR',
        'GRAPHQL_VALIDATION_FAILED',
        'INTERNAL_SERVER_ERROR',
        'UNAUTHENTICATED',
        'INTERNAL_SERVER_ERROR',
        'SUBGRAPH_UNAVAILABLE',
      ]);
      for (const answer of answers) expect(errorsOf(answer)[0].extensions?.serviceName, answer.what).toBe('reviews');
      // The product itself still came from the catalog.
      expect(answers[0].json?.data).toEqual({ product: { id, rating: null } });
    } finally {
      await router?.stop();
      await leaky.stop();
    }
  });

  it('when a subgraph is down', async () => {
    await supergraph.subgraphs.get('wishlist')!.stop();
    const answer = await post('router: a wishlist while its subgraph is down', supergraph.routerUrl, '{ myWishlist { id } }', {}, customer);
    expectNothingTold(answer);
    expect(codesOf(answer)).toEqual(['SUBGRAPH_UNAVAILABLE']);
  });
});
