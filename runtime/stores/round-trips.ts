import { AsyncLocalStorage } from 'node:async_hooks';
import { Counter, Histogram } from 'prom-client';

export type StoreKind = 'mongodb' | 'postgresql' | 'redis';

const counters = new Map<string, Counter<'store' | 'origin'>>();
const durations = new Map<string, Histogram<'store'>>();
const graphqlWork = new AsyncLocalStorage<boolean>();
let tracking = false;

/**
 * Starts telling GraphQL work from background work, for the whole process: a subgraph started with
 * STORE_ROUND_TRIP_ORIGINS=on calls it before it opens its stores (runtime/subgraph/start.ts). Off by default: an
 * active AsyncLocalStorage makes every promise of the process pay for its hooks, about a tenth of the CPU of a
 * catalog page answered from memory. Until it starts, every round trip counts with `origin="untracked"`.
 */
export function trackGraphQLWork(): void {
  if (tracking) return;
  tracking = true;
  graphqlWork.enterWith(false);
}

/**
 * `store_round_trips_total{store, origin}` of one service: every command or query its store connections
 * sent (the helpers in this folder count them). Once tracking started (trackGraphQLWork), `origin` is `graphql`
 * for work done while resolving a GraphQL operation and `background` for the rest (outbox relays, event
 * consumers, health checks, start-up), so a measurement of queries is not blurred by pollers; `untracked` before. Kept per service name rather than in one registry
 * because tests run several services in one process; runtime/metrics.ts adds it to the service's registry.
 */
export function roundTripCounter(service: string): Counter<'store' | 'origin'> {
  let counter = counters.get(service);
  if (!counter) {
    counter = new Counter({
      name: 'store_round_trips_total',
      help: 'Commands and queries sent to the providers (MongoDB commands, PostgreSQL queries, Redis commands), by store and origin',
      labelNames: ['store', 'origin'],
      registers: [],
    });
    counters.set(service, counter);
  }
  return counter;
}

/**
 * `store_round_trip_duration_seconds{store}` of one service: how long its commands and queries took, from sending
 * to the answer (as the service waits for them: the server's work, the network, and any wait for a pooled
 * connection). The database latency of the dashboards; kept per service like the counter above.
 */
export function roundTripDuration(service: string): Histogram<'store'> {
  let histogram = durations.get(service);
  if (!histogram) {
    histogram = new Histogram({
      name: 'store_round_trip_duration_seconds',
      help: 'Time from sending a command or query to its answer (MongoDB commands, PostgreSQL queries, Redis commands), by store',
      labelNames: ['store'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [],
    });
    durations.set(service, histogram);
  }
  return histogram;
}

/** Times a round trip that ends when `answer` settles (fulfilled or not). */
export function timeRoundTrip<T>(service: string, store: StoreKind, answer: T): T {
  if (!(answer instanceof Promise)) return answer;
  const stop = roundTripDuration(service).startTimer({ store });
  const done = () => void stop();
  answer.then(done, done);
  return answer;
}

/**
 * Runs `work` (an HTTP request's GraphQL handling, on either path of runtime/http-service.ts) as GraphQL work:
 * everything it awaits or schedules inherits the mark, and nothing outside it does. Once per request, rather than
 * as each field starts resolving: a hook on every field costs every field.
 */
export function runAsGraphQLWork<T>(work: () => T): T {
  return tracking ? graphqlWork.run(true, work) : work();
}

const originNow = () => (!tracking ? 'untracked' : graphqlWork.getStore() === true ? 'graphql' : 'background');

export const countRoundTrip = (service: string, store: StoreKind) => roundTripCounter(service).inc({ store, origin: originNow() });
