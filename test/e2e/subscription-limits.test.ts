import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { uniqueAddress } from '../support/client-address';
import { metricValue } from '../support/metrics';
import { refusalCodes, subscribe } from '../support/subscriptions';
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
    await Promise.all(clients.map((client) => client.dispose()));
    await supergraph?.stop();
  });

  const staff = async () => `Bearer ${await (await testKeys()).sign({ accountId: randomUUID(), roles: ['STAFF'] }, { expiresIn: '5m' })}`;

  /** A graphql-ws client whose socket comes "from" `address` (as a trusted proxy would forward it); opens at once. */
  async function clientFrom(address: string, authorization: string) {
    let closed: { code: number; reason: string } | undefined;
    const client = createClient({
      url: supergraph.routerUrl.replace(/^http/, 'ws'),
      webSocketImpl: class extends WebSocket {
        constructor(url: string, protocols?: string | string[]) {
          super(url, protocols, { headers: { 'x-forwarded-for': address } });
        }
      },
      connectionParams: { authorization },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {}, // the refusal is asserted from the close event
      on: { closed: (event) => void (closed ??= event as { code: number; reason: string }) },
    });
    clients.push(client);
    const outcome = await new Promise<'connected' | 'closed'>((resolve) => {
      client.on('connected', () => resolve('connected'));
      client.on('closed', () => resolve('closed'));
    });
    return { client, outcome, closed: () => closed };
  }

  const refusals = async (code: string) => (await metricValue(supergraph.router.metricsUrl, 'router_operation_refusals_total', { code })) ?? 0;

  it('closes a socket past the open sockets allowed per address with 4429, and lets one in once a slot is free', async () => {
    const address = uniqueAddress();
    const authorization = await staff();
    const before = await refusals('TOO_MANY_CONNECTIONS');
    const [one, two] = [await clientFrom(address, authorization), await clientFrom(address, authorization)];
    expect([one.outcome, two.outcome]).toEqual(['connected', 'connected']);

    const third = await clientFrom(address, authorization);
    expect(third.outcome).toBe('closed');
    expect(third.closed()).toMatchObject({ code: 4429, reason: 'Too many connections from this address' });
    expect(await refusals('TOO_MANY_CONNECTIONS')).toBe(before + 1);
    // Another address is not affected.
    expect((await clientFrom(uniqueAddress(), authorization)).outcome).toBe('connected');

    await one.client.dispose();
    let again = await clientFrom(address, authorization);
    for (let attempt = 0; again.outcome !== 'connected' && attempt < 20; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50)); // the server sees the close a moment later
      again = await clientFrom(address, authorization);
    }
    expect(again.outcome).toBe('connected');
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
    const before = (await metricValue(supergraph.router.metricsUrl, 'router_rate_limit_refusals_total', { operation_class: 'subscription', scope: 'account' })) ?? 0;
    const codes: unknown[] = [];
    for (let socket = 0; socket < 3; socket++) {
      const { client } = await clientFrom(uniqueAddress(), authorization);
      for (const live of [subscribe(client, STAFF_FEED), subscribe(client, STAFF_FEED)]) {
        await new Promise((resolve) => setTimeout(resolve, 150));
        codes.push(live.error === undefined ? 'running' : refusalCodes(live)[0]);
      }
    }
    expect(codes).toEqual(['running', 'running', 'running', 'running', 'TOO_MANY_ATTEMPTS', 'TOO_MANY_ATTEMPTS']);
    expect(await metricValue(supergraph.router.metricsUrl, 'router_rate_limit_refusals_total', { operation_class: 'subscription', scope: 'account' })).toBe(before + 2);
  });
});
