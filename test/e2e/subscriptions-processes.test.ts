import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OrderStatusChanger, createTestProduct, placeTestOrder } from '../support/orders';
import { spawnRouter, type RouterProcess } from '../support/router-process';
import { subscribe, subscriptionClient } from '../support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { testKeys } from '../support/tokens';
import { metricValue } from '../support/metrics';

/** Polls a router's /metrics (on its metrics port) until it has a subscription open. */
async function untilOneOpen(routerMetricsUrl: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (((await metricValue(routerMetricsUrl, 'router_subscriptions_open')) ?? 0) >= 1) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no subscription open at ${routerMetricsUrl}`);
}

// Several routers behind a load balancer: each has a queue of its own, so each sees every order event.
describe('two router processes', () => {
  let supergraph: RunningSupergraph;
  const routers: RouterProcess[] = [];

  beforeAll(async () => {
    supergraph = await startSupergraph();
    const { jwksUrl } = await testKeys();
    const subgraphUrls = Object.fromEntries([...supergraph.subgraphs].map(([name, service]) => [`SUBGRAPH_${name.toUpperCase()}_URL`, service.url]));
    routers.push(...(await Promise.all([1, 2].map(() => spawnRouter({ AUTH_JWKS_URL: jwksUrl, ...subgraphUrls })))));
  }, 90_000);
  afterAll(async () => {
    await Promise.all(routers.map((router) => router.stop()));
    await supergraph?.stop();
  });

  it('both deliver one status event to their own subscribers, and stop cleanly', { timeout: 90_000 }, async () => {
    const accountId = randomUUID();
    const authorization = `Bearer ${await (await testKeys()).sign({ accountId, roles: ['CUSTOMER'] })}`;
    const productId = await createTestProduct(supergraph.routerUrl, 'Two-router Tulips');
    const order = await placeTestOrder(routers[0].url, { accountId, headers: { authorization } }, [productId]);
    const clients = routers.map((router) => subscriptionClient(router.url, authorization));
    const query = 'subscription($id: ID!) { orderStatusChanged(orderId: $id) { id status lines { product { name } } } }';
    const live = clients.map((client) => subscribe(client, query, { id: order.id }));
    // Subscribing is asynchronous (each router asks the gateway whose order it is): wait until both count theirs.
    await Promise.all(routers.map((router) => untilOneOpen(router.metricsUrl)));
    const changer = new OrderStatusChanger(supergraph.routerUrl);
    await changer.change(order, 'CONFIRMED'); // one event...
    const expected = {
      data: { orderStatusChanged: { id: order.id, status: 'CONFIRMED', lines: [{ product: { name: 'Two-router Tulips' } }] } },
      extensions: { sequence: 2, cursor: expect.any(String) },
    };
    for (const received of live) expect(await received.waitFor(1, 30_000)).toEqual([expected]); // ...reaches both
    await changer.close();
    await Promise.all(clients.map(async (client) => client.dispose()));
    expect(await Promise.all(routers.splice(0).map((router) => router.stop()))).toEqual([0, 0]);
  });
});
