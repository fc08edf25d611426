// `npm run bench:subscriptions`: 1,000 live order subscriptions on ~100 sockets through a real router, fed by
// RabbitMQ; measures each delivery from the status change to its receipt. Uses the tests' stores (test-env).
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { applyMigrations } from '../scripts/migrations/apply';
import { OrderStatusChanger, createTestProduct, placeTestOrder, type TestOrder } from '../test/support/orders';
import { subscriptionClient } from '../test/support/subscriptions';
import { startSupergraph, type RunningSupergraph } from '../test/support/supergraph';
import { testEnv } from '../test/support/test-env';
import { testKeys } from '../test/support/tokens';

const STAFF_ACCOUNTS = 5;
const SOCKETS = 100;
const PER_SOCKET = 10;
// Each order goes PENDING → CONFIRMED → PREPARING → OUT_FOR_DELIVERY → DELIVERED (4 changes, by staff through
// the router); the owner's subscriptions move to a new order each round.
const ROUNDS = 5;
const EVENTS = ROUNDS * 4;
const DEADLINE_MS = 110_000;
const STATUSES = ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'];

const STAFF_FEED = 'subscription { orderUpdates { id status user { id } } }';
const OWNER_FEED = 'subscription($id: ID!) { orderStatusChanged(orderId: $id) { id status lines { product { name } } } }';


async function main(): Promise<void> {
  const started = Date.now();
  const deadline = started + DEADLINE_MS;
  await applyMigrations({ databaseUrl: testEnv.DATABASE_URL });
  const supergraph = await startSupergraph();
  const changer = new OrderStatusChanger(supergraph.routerUrl);
  const clients: Client[] = [];
  try {
    const sign = async (accountId: string, roles: Array<'CUSTOMER' | 'STAFF'>) => `Bearer ${await (await testKeys()).sign({ accountId, roles }, { expiresIn: '10m' })}`;
    const ownerId = randomUUID();
    const owner = await sign(ownerId, ['CUSTOMER']);
    const productId = await createTestProduct(supergraph.routerUrl, 'Benchmark Roses');
    const newOrder = () => placeTestOrder(supergraph.routerUrl, { accountId: ownerId, headers: { authorization: owner } }, [productId]);
    const staff = await Promise.all(Array.from({ length: STAFF_ACCOUNTS }, () => sign(randomUUID(), ['STAFF'])));

    // Half the sockets carry the staff feed (several staff accounts), half the owner's subscriptions to their order.
    let order: TestOrder = await newOrder();
    let current = -1;
    const receipts: number[][] = Array.from({ length: EVENTS }, () => []);
    let errors = 0;
    let others = 0;
    const sink = {
      next: (result: { data?: unknown; errors?: unknown }) => {
        const data = result.data as Record<string, { id: string }> | undefined;
        // The staff feed also carries orders of anyone else using the tests' broker at the same time.
        if ((data?.orderUpdates ?? data?.orderStatusChanged)?.id !== order.id || current < 0) others += 1;
        else if (result.errors) errors += 1;
        else receipts[current].push(Date.now());
      },
      error: () => void (errors += 1),
      complete: () => {},
    };
    const ownerClients: Client[] = [];
    for (let socket = 0; socket < SOCKETS; socket += 1) {
      const isStaff = socket % 2 === 0;
      const client = subscriptionClient(supergraph.routerUrl, isStaff ? staff[socket % STAFF_ACCOUNTS] : owner);
      clients.push(client);
      if (isStaff) for (let n = 0; n < PER_SOCKET; n += 1) client.subscribe({ query: STAFF_FEED }, sink);
      else ownerClients.push(client);
    }
    let ownerSubscriptions: Array<() => void> = [];
    const followOwnersOrder = async () => {
      for (const unsubscribe of ownerSubscriptions) unsubscribe();
      // The old order's subscriptions are gone before the new ones open, so the count below is of the new ones.
      if (ownerSubscriptions.length > 0) await untilOpen(supergraph, deadline, (open) => open === 0, 'orderStatusChanged');
      ownerSubscriptions = ownerClients.flatMap((client) => Array.from({ length: PER_SOCKET }, () => client.subscribe({ query: OWNER_FEED, variables: { id: order.id } }, sink)));
    };
    const total = SOCKETS * PER_SOCKET;
    await followOwnersOrder();
    await untilOpen(supergraph, deadline, (open) => open >= total);
    const opened = Date.now();

    // One change at a time, each waited for, so a receipt belongs to the change before it.
    const triggeredAt: number[] = [];
    for (let event = 0; event < EVENTS && Date.now() < deadline; event += 1) {
      if (event > 0 && event % STATUSES.length === 0) {
        current = -1;
        order = await newOrder();
        await followOwnersOrder();
        await untilOpen(supergraph, deadline, (open) => open >= total);
      }
      current = event;
      triggeredAt[event] = Date.now();
      await changer.change(order, STATUSES[event % STATUSES.length]);
      const until = Math.min(deadline, Date.now() + 10_000);
      while (receipts[event].length < total && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // late stragglers would count as received

    const latencies = receipts.flatMap((times, event) => times.map((time) => time - triggeredAt[event])).sort((a, b) => a - b);
    const expected = EVENTS * total;
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    const rows: Array<[string, string | number]> = [
      ['subscriptions (staff feed / one order)', `${total} (${total / 2} / ${total / 2})`],
      ['sockets', SOCKETS],
      ['staff accounts', STAFF_ACCOUNTS],
      ['status changes', triggeredAt.length],
      ['deliveries expected', expected],
      ['deliveries received', latencies.length],
      ['missed', expected - latencies.length],
      ['errors', errors],
      ['other orders on the staff feed (ignored)', others],
      ['latency p50 (ms)', at(0.5)],
      ['latency p99 (ms)', at(0.99)],
      ['latency max (ms)', latencies.at(-1) ?? NaN],
      ['subscribe phase (s)', ((opened - started) / 1000).toFixed(1)],
      ['total (s)', ((Date.now() - started) / 1000).toFixed(1)],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    console.log(rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n'));
    process.exitCode = expected === latencies.length && errors === 0 ? 0 : 1;
  } finally {
    await Promise.all(clients.map((client) => client.dispose()));
    await changer.close();
    await supergraph.stop();
  }
}

/** Waits until the router's count of open subscriptions (of one field, or all) satisfies `done`. */
async function untilOpen(supergraph: RunningSupergraph, deadline: number, done: (open: number) => boolean, field?: string): Promise<void> {
  for (;;) {
    const metrics = await (await fetch(supergraph.routerUrl.replace('/graphql', '/metrics'))).text();
    const open = [...metrics.matchAll(/^router_subscriptions_open\{([^}]*)\} (\d+)/gm)]
      .filter((match) => !field || match[1].includes(`field="${field}"`))
      .reduce((sum, match) => sum + Number(match[2]), 0);
    if (done(open)) return;
    if (Date.now() > deadline) throw new Error(`${open} subscriptions${field ? ` to ${field}` : ''} open: not what the benchmark waits for`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
