/**
 * The shapes the live-update benchmark measures. Sockets hold `perSocket` subscriptions each and come from
 * loopback addresses 127.0.0.x, at most `socketsPerAddress` from one, so the router runs with its own
 * per-socket and per-address limits (ROUTER_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION 20, _CONNECTIONS_PER_ADDRESS 50);
 * signed-in sockets count per account against that 50, so no mode has an account hold more.
 */
export interface BenchMode {
  name: string;
  /** Staff accounts sharing the staff feed's subscriptions (one hydration per account and event). */
  staffAccounts: number;
  staffSubscriptions: number;
  /** Customers, each following their own order with `subscriptionsPerOwner` subscriptions. */
  owners: number;
  subscriptionsPerOwner: number;
  perSocket: number;
  socketsPerAddress: number;
  /** Rounds of four status changes (PENDING → … → DELIVERED), each on the order of the next owner. */
  rounds: number;
  goals: { p99Ms: number; rssMb?: number };
}

export const benchModes: BenchMode[] = [
  {
    name: '1k',
    staffAccounts: 5,
    staffSubscriptions: 500,
    // One owner with 500 subscriptions: a new order each round, the subscriptions moving to it.
    owners: 1,
    subscriptionsPerOwner: 500,
    perSocket: 10,
    socketsPerAddress: 50,
    rounds: 5,
    goals: { p99Ms: 100 },
  },
  {
    name: '10k',
    staffAccounts: 10,
    staffSubscriptions: 5_000,
    owners: 5,
    subscriptionsPerOwner: 1_000,
    perSocket: 20,
    socketsPerAddress: 50,
    rounds: 5,
    goals: { p99Ms: 500, rssMb: 400 },
  },
];

export const subscriptionsOf = (mode: BenchMode) => mode.staffSubscriptions + mode.owners * mode.subscriptionsPerOwner;
export const socketsOf = (mode: BenchMode) =>
  Math.ceil(mode.staffSubscriptions / mode.perSocket) + mode.owners * Math.ceil(mode.subscriptionsPerOwner / mode.perSocket);
export const addressesOf = (mode: BenchMode) => Math.ceil(socketsOf(mode) / mode.socketsPerAddress);
