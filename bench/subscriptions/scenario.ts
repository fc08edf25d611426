import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { createTestProduct, placeTestOrder, type TestOrder } from '../../test/support/orders';
import { changeOrderStatus } from '../../test/support/shop';
import { testKeys } from '../../test/support/tokens';
import { addressesOf, socketsOf, subscriptionsOf, type BenchMode } from './modes';

const STATUSES = ['CONFIRMED', 'PREPARING', 'OUT_FOR_DELIVERY', 'DELIVERED'];
const STAFF_FEED = 'subscription { orderUpdates { id status user { id } } }';
const OWNER_FEED = 'subscription($id: ID!) { orderStatusChanged(orderId: $id) { id status lines { product { name } } } }';
/** Longest wait for one change to reach every subscriber before the next change is made. */
const PER_CHANGE_TIMEOUT_MS = 10_000;

export interface ModeResult {
  subscriptions: number;
  sockets: number;
  addresses: number;
  changes: number;
  expected: number;
  /** Milliseconds from sending each change to each receipt, sorted. */
  latencies: number[];
  errors: number;
  /** Results of orders the benchmark did not change (other runs on the tests' broker), ignored. */
  others: number;
  subscribeSeconds: number;
  /** The uncounted first change: its slowest receipt, and receipts missing. */
  warmUpMaxMs: number;
  warmUpMissed: number;
}

/** A graphql-ws client as a browser opens it, from one loopback source address (the router counts sockets per address). */
function clientFrom(routerUrl: string, authorization: string, localAddress: string): Client {
  class FromAddress extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { localAddress });
    }
  }
  return createClient({ url: routerUrl.replace(/^http/, 'ws'), webSocketImpl: FromAddress, connectionParams: { authorization }, retryAttempts: 0, lazy: true });
}

/**
 * One mode against a running router: staff feeds and owners following their orders on sockets spread over
 * loopback addresses, one warm-up change (not counted), then `rounds` × 4 status changes made one at a time by
 * staff through the router, each waited for, timing every subscriber's receipt.
 */
export async function runMode(mode: BenchMode, routerUrl: string, openSubscriptions: () => Promise<number>): Promise<ModeResult> {
  const started = Date.now();
  const keys = await testKeys();
  const sign = async (accountId: string, roles: Array<'CUSTOMER' | 'STAFF'>) => `Bearer ${await keys.sign({ accountId, roles }, { expiresIn: '30m' })}`;
  const clients: Client[] = [];
  let socket = 0;
  const nextClient = (authorization: string) => {
    const client = clientFrom(routerUrl, authorization, `127.0.0.${1 + Math.floor(socket / mode.socketsPerAddress)}`);
    socket += 1;
    clients.push(client);
    return client;
  };
  try {
    const productId = await createTestProduct(routerUrl, 'Benchmark Roses');
    const staff = await Promise.all(Array.from({ length: mode.staffAccounts }, () => sign(randomUUID(), ['STAFF'])));
    // The changes are one staff member's, made with their session's token (as the shop's back office would).
    const changedBy = { authorization: await sign(randomUUID(), ['STAFF']) };
    const newOwner = async () => {
      const accountId = randomUUID();
      const authorization = await sign(accountId, ['CUSTOMER']);
      const place = () => placeTestOrder(routerUrl, { accountId, headers: { authorization } }, [productId]);
      return { authorization, place, order: await place(), clients: [] as Client[], unsubscribes: [] as Array<() => void> };
    };
    const [warmUpOwner, ...owners] = await Promise.all(Array.from({ length: mode.owners + 1 }, newOwner));

    // Which change a result reports: its order and the status it shows (each change is waited for before the next).
    const changeOf = new Map<string, number>();
    const receipts: number[][] = [];
    let errors = 0;
    let others = 0;
    const sink = {
      next: (result: { data?: Record<string, { id: string; status: string }> | null; errors?: unknown }) => {
        const at = Date.now();
        const order = result.data?.orderUpdates ?? result.data?.orderStatusChanged;
        const change = order ? changeOf.get(`${order.id}|${order.status}`) : undefined;
        if (result.errors) errors += 1;
        else if (change === undefined) others += 1;
        else receipts[change].push(at);
      },
      error: () => void (errors += 1),
      complete: () => {},
    };

    const staffSockets = Math.ceil(mode.staffSubscriptions / mode.perSocket);
    for (let n = 0; n < staffSockets; n += 1) {
      const client = nextClient(staff[n % staff.length]);
      for (let s = 0; s < Math.min(mode.perSocket, mode.staffSubscriptions - n * mode.perSocket); s += 1) client.subscribe({ query: STAFF_FEED }, sink);
    }
    for (const owner of owners) {
      for (let n = 0; n < Math.ceil(mode.subscriptionsPerOwner / mode.perSocket); n += 1) owner.clients.push(nextClient(owner.authorization));
    }
    const follow = (owner: (typeof owners)[number]) => {
      owner.unsubscribes = owner.clients.flatMap((client, n) =>
        Array.from({ length: Math.min(mode.perSocket, mode.subscriptionsPerOwner - n * mode.perSocket) }, () =>
          client.subscribe({ query: OWNER_FEED, variables: { id: owner.order.id } }, sink),
        ),
      );
    };
    owners.forEach(follow);
    const total = subscriptionsOf(mode);
    await until(async () => (await openSubscriptions()) >= total, 120_000, 'every subscription to open');
    const subscribeSeconds = (Date.now() - started) / 1000;

    const triggeredAt: number[] = [];
    const expectedPer: number[] = [];
    /** Makes one change and waits until every subscriber that should have it has it (or the timeout); its index. */
    const change = async (order: TestOrder, status: string, expected: number) => {
      const index = triggeredAt.length;
      receipts.push([]);
      expectedPer.push(expected);
      changeOf.set(`${order.id}|${status}`, index);
      triggeredAt.push(Date.now());
      await changeOrderStatus(routerUrl, order.id, status, changedBy);
      order.status = status;
      await until(() => receipts[index].length >= expected, PER_CHANGE_TIMEOUT_MS, 'every receipt', 5).catch(() => {});
      return index;
    };

    // Not counted: the first change through a fresh router plans the mutation and each hydration query, and opens
    // its connections to the subgraphs. A customer of its own, with one subscription on a socket from an address of
    // its own (the others are full), so the owners' hydration query is planned too.
    const warmUpClient = clientFrom(routerUrl, warmUpOwner.authorization, `127.0.0.${addressesOf(mode) + 1}`);
    clients.push(warmUpClient);
    const unsubscribeWarmUp = warmUpClient.subscribe({ query: OWNER_FEED, variables: { id: warmUpOwner.order.id } }, sink);
    await until(async () => (await openSubscriptions()) >= total + 1, 60_000, 'the warm-up subscription to open');
    const warmUp = await change(warmUpOwner.order, STATUSES[0], mode.staffSubscriptions + 1);
    unsubscribeWarmUp();
    await until(async () => (await openSubscriptions()) <= total, 60_000, 'the warm-up subscription to close');

    const measured: number[] = [];
    for (let round = 0; round < mode.rounds; round += 1) {
      const owner = owners[round % owners.length];
      if (owner.order.status === 'DELIVERED') {
        // A new order for this owner, their subscriptions moved to it (the old ones closed first, so the count is of the new).
        for (const unsubscribe of owner.unsubscribes) unsubscribe();
        await until(async () => (await openSubscriptions()) <= total - owner.unsubscribes.length, 60_000, 'the old subscriptions to close');
        owner.order = await owner.place();
        follow(owner);
        await until(async () => (await openSubscriptions()) >= total, 60_000, 'the moved subscriptions to open');
      }
      for (const status of STATUSES) measured.push(await change(owner.order, status, mode.staffSubscriptions + mode.subscriptionsPerOwner));
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // stragglers would still count
    const latenciesOf = (index: number) => receipts[index].map((time) => time - triggeredAt[index]).sort((a, b) => a - b);
    if (process.env.BENCH_VERBOSE) {
      for (const index of [warmUp, ...measured]) {
        const sorted = latenciesOf(index);
        console.error(
          `[bench] ${mode.name} change ${index}${index === warmUp ? ' (warm-up)' : ''}: ${sorted.length} received, first ${sorted[0]} ms, median ${sorted[sorted.length >> 1]} ms, last ${sorted.at(-1)} ms`,
        );
      }
    }
    const latencies = measured.flatMap(latenciesOf).sort((a, b) => a - b);
    return {
      subscriptions: total,
      sockets: socketsOf(mode),
      addresses: addressesOf(mode),
      changes: measured.length,
      expected: measured.reduce((sum, index) => sum + expectedPer[index], 0),
      warmUpMaxMs: latenciesOf(warmUp).at(-1) ?? NaN,
      warmUpMissed: expectedPer[warmUp] - receipts[warmUp].length,
      latencies,
      errors,
      others,
      subscribeSeconds,
    };
  } finally {
    await Promise.all(clients.map(async (client) => client.dispose()));
  }
}

/** Checks `condition` every `everyMs` until it holds; rejects after `timeoutMs`. */
async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what = 'a condition', everyMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
