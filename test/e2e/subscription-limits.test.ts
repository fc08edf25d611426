import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueAddress } from '../support/client-address';
import { metricValue } from '../support/metrics';
import { refusalCodes, subscribe, subscriptionClientFrom } from '../support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testKeys } from '../support/tokens';

const STAFF_FEED = 'subscription { orderUpdates { id status } }';

// Small limits; each test's sockets come from an address of their own (X-Forwarded-For through one trusted proxy).
const LIMITS = {
  TRUST_PROXY_HOPS: '1',
  ROUTER_WS_MAX_CONNECTIONS_PER_ADDRESS: '2',
  ROUTER_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2',
  ROUTER_RATE_LIMIT_QUERY_PER_MINUTE: '4',
};

describe('graphql-ws limits at the router', () => {
  let supergraph: RunningSupergraph;
  const clients: Client[] = [];
  beforeAll(async () => {
    supergraph = await startSupergraph(LIMITS);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map(async (client) => client.dispose()));
    await supergraph?.stop();
  });

  const staff = async () => `Bearer ${await (await testKeys()).sign({ accountId: randomUUID(), roles: ['STAFF'] }, { expiresIn: '5m' })}`;

  /** A graphql-ws client whose socket comes "from" `address` (as a trusted proxy would forward it); opens at once. */
  async function clientFrom(address: string, authorization: string) {
    const opened = await subscriptionClientFrom(supergraph.routerUrl, address, authorization);
    clients.push(opened.client);
    return opened;
  }

  const refusals = async (code: string) => (await metricValue(supergraph.router.metricsUrl, 'router_operation_refusals_total', { code })) ?? 0;

  it('closes a signed-in socket past those allowed per account with 4429, wherever it comes from; others behind the same address are not blocked', async () => {
    const [shared, other] = [uniqueAddress(), uniqueAddress()];
    const authorization = await staff();
    const before = await refusals('TOO_MANY_CONNECTIONS');
    const [one, two] = [await clientFrom(shared, authorization), await clientFrom(other, authorization)];
    expect([one.outcome, two.outcome]).toEqual(['connected', 'connected']);

    const third = await clientFrom(uniqueAddress(), authorization);
    expect(third.outcome).toBe('closed');
    expect(third.closed()).toMatchObject({ code: 4429, reason: 'Too many connections for this account' });
    expect(await refusals('TOO_MANY_CONNECTIONS')).toBe(before + 1);
    // Customers behind one carrier's or office's address each have sockets of their own.
    for (let customer = 0; customer < 3; customer++) expect((await clientFrom(shared, await staff())).outcome).toBe('connected');

    await one.client.dispose();
    let again = await clientFrom(shared, authorization);
    for (let attempt = 0; again.outcome !== 'connected' && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the server sees the close a moment later
      again = await clientFrom(shared, authorization);
    }
    expect(again.outcome).toBe('connected');
  });

  it('closes an anonymous socket past those allowed per address with 4429; another address is not affected', async () => {
    const address = uniqueAddress();
    const [one, two] = [await clientFrom(address, ''), await clientFrom(address, '')];
    expect([one.outcome, two.outcome]).toEqual(['connected', 'connected']);
    const third = await clientFrom(address, '');
    expect(third.closed()).toMatchObject({ code: 4429, reason: 'Too many connections from this address' });
    expect((await clientFrom(uniqueAddress(), '')).outcome).toBe('connected');
  });

  it('refuses, at subscribe time, a subscription too deep, with too many aliases or too costly, with the codes of HTTP', async () => {
    const { client } = await clientFrom(uniqueAddress(), await staff());
    // 49 levels: orderUpdates, lines, product, category, 44 parents, id.
    const deep = `subscription { orderUpdates { lines { product { category { ${'parent { '.repeat(44)}id${' }'.repeat(44)} } } } } }`;
    const aliases = `subscription { orderUpdates { ${Array.from({ length: 100 }, (_, n) => `a${n}: id`).join(' ')} } }`;
    const costly =
      'subscription { orderUpdates { user { orders(first: 1000000) { edges { node { lines { product { reviews(first: 100) { edges { node { id } } } } } } } } } } }';
    const before = await refusals('QUERY_TOO_DEEP');
    const refused = [subscribe(client, deep), subscribe(client, aliases)];
    for (const live of refused) await live.ended();
    expect(refused.map(refusalCodes)).toEqual([['QUERY_TOO_DEEP'], ['TOO_MANY_ALIASES']]);
    expect((refused[0].error as Array<{ extensions?: Record<string, unknown> }>)[0].extensions).toMatchObject({ value: 49, limit: 12 });
    expect((refused[1].error as Array<{ extensions?: Record<string, unknown> }>)[0].extensions).toMatchObject({ value: 100, limit: 30 });
    expect(await refusals('QUERY_TOO_DEEP')).toBe(before + 1);

    const other = (await clientFrom(uniqueAddress(), await staff())).client;
    const tooCostly = subscribe(other, costly);
    // Past the selections validated at all (300 by default): refused before validation, as over HTTP.
    const tooLarge = subscribe(other, `subscription { orderUpdates { ${'id '.repeat(400)} } }`);
    await Promise.all([tooCostly.ended(), tooLarge.ended()]);
    expect([refusalCodes(tooCostly), refusalCodes(tooLarge)]).toEqual([['QUERY_TOO_COSTLY'], ['TOO_MANY_SELECTIONS']]);
  });

  it('refuses a subscription past those allowed per socket with TOO_MANY_SUBSCRIPTIONS; the others keep running', async () => {
    const { client } = await clientFrom(uniqueAddress(), await staff());
    const first = subscribe(client, STAFF_FEED);
    const second = subscribe(client, STAFF_FEED);
    const third = subscribe(client, STAFF_FEED);
    await third.ended();
    expect(refusalCodes(third)).toEqual(['TOO_MANY_SUBSCRIPTIONS']);
    expect((third.error as Array<{ extensions?: Record<string, unknown> }>)[0].extensions).toMatchObject({ limit: 2 });
    expect([first.error, second.error, first.completed, second.completed]).toEqual([undefined, undefined, false, false]);

    // Ending one frees its place on the socket.
    first.unsubscribe();
    let fourth = subscribe(client, STAFF_FEED);
    for (let attempt = 0; attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (fourth.error === undefined) break;
      fourth = subscribe(client, STAFF_FEED);
    }
    expect(fourth.error).toBeUndefined();
  });

  it("spends the caller's query budget on each subscribe: past it, TOO_MANY_ATTEMPTS", async () => {
    const authorization = await staff(); // one account: its budget of 4 a minute, whatever the socket
    const before =
      (await metricValue(supergraph.router.metricsUrl, 'router_rate_limit_refusals_total', { operation_class: 'subscription', scope: 'account' })) ?? 0;
    const codes: unknown[] = [];
    const sockets: Client[] = [];
    for (let socket = 0; socket < 3; socket++) {
      // The account may hold two sockets: the third subscribes once the first is closed.
      if (socket === 2) await sockets[0].dispose();
      let opened = await clientFrom(uniqueAddress(), authorization);
      for (let attempt = 0; opened.outcome !== 'connected' && attempt < 20; attempt++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        opened = await clientFrom(uniqueAddress(), authorization);
      }
      const client = opened.client;
      sockets.push(client);
      for (const live of [subscribe(client, STAFF_FEED), subscribe(client, STAFF_FEED)]) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        codes.push(live.error === undefined ? 'running' : refusalCodes(live)[0]);
      }
    }
    expect(codes).toEqual(['running', 'running', 'running', 'running', 'TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
    expect(await metricValue(supergraph.router.metricsUrl, 'router_rate_limit_refusals_total', { operation_class: 'subscription', scope: 'account' })).toBe(
      before + 2,
    );
  });
});
