// `npm run bench:hostile`: bounded work per client (issue #13), through a real router process over the eight
// subgraphs (bench/shared/subgraph-fleet.ts), with the router's default limits. (a) A signed-in customer's p99
// while idle and while hostile clients, each from an address of its own, send the worst documents the limits
// allow back to back (bench/hostile/documents.ts): goal, at most twice the idle p99. (b) The router's resident
// memory after distinct operations (each a document of its own) and after as many again: goal, under 300 MB and
// no growth over the second batch. A measurement: goals are printed reached or MISSED; only a broken run fails.
// BENCH_HOSTILE_SECONDS (20) per latency phase, BENCH_HOSTILE_CLIENTS (8), BENCH_HOSTILE_OPERATIONS (20000) per batch;
// BENCH_HOSTILE_KIND=widest|costliest|unparseable sends one kind of hostile document only.
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { testKeys } from '../test/support/tokens';
import { customerLatency, describeAnswers, hostileClientsInWorker, sendDistinct } from './hostile/clients';
import { CUSTOMER_PAGE, distinctOperation } from './hostile/documents';
import { benchMongoUrl, prepareBenchStores } from './shared/bench-database';
import { cpuSeconds, residentMegabytes, stopOnInterrupt } from './shared/processes';
import { startSubgraphFleet } from './shared/subgraph-fleet';
import { startBenchRouter, type BenchRouter } from './subscriptions/router';

const log = (message: string) => console.error(`[bench] ${message}`);
const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const goal = (reached: boolean) => (reached ? 'reached' : 'MISSED');

/** The customer's pace: 20 requests a second, sequential, as a busy page would. */
const CUSTOMER_INTERVAL_MS = 50;
const RSS_GOAL_MB = 300;
/** "No growth": the second batch may add at most this share of what the router held after the first. */
const GROWTH_ALLOWED = 0.05;

async function main(): Promise<void> {
  const seconds = setting('BENCH_HOSTILE_SECONDS', 20);
  const clients = setting('BENCH_HOSTILE_CLIENTS', 8);
  const operations = setting('BENCH_HOSTILE_OPERATIONS', 20_000);
  const mongoUrl = benchMongoUrl('bench_hostile');
  await prepareBenchStores(mongoUrl);
  const keys = await testKeys();
  log('starting the eight subgraphs');
  const fleet = await startSubgraphFleet(keys, mongoUrl);
  let router: BenchRouter | undefined;
  stopOnInterrupt(() => [router?.stop(), fleet.stop()]);
  try {
    router = await startBenchRouter(fleet, keys.jwksUrl, {
      // Each hostile client is anonymous at an address of its own (X-Forwarded-For through one trusted proxy),
      // under the default anonymous budgets; signed-in budgets are raised only so the customer's own pace is never refused.
      TRUST_PROXY_HOPS: '1',
      ROUTER_RATE_LIMIT_ANONYMOUS_QUERY_PER_MINUTE: '300',
      ROUTER_RATE_LIMIT_ANONYMOUS_MUTATION_PER_MINUTE: '60',
      // The default (the tests' environment, which the benchmarks start from, answers refusals at once).
      ROUTER_REFUSAL_HOLD_MS: '1000',
      // Every customer request runs the whole pipeline (a cached answer would not show what hostile work costs).
      ROUTER_RESPONSE_CACHE: 'off',
    });
    const url = router.url;
    const customer = `Bearer ${await keys.sign({ accountId: randomUUID(), roles: ['CUSTOMER'] }, { expiresIn: '2h' })}`;
    await customerLatency(url, customer, CUSTOMER_PAGE, Math.min(3, seconds), CUSTOMER_INTERVAL_MS); // warm-up
    log(`customer alone for ${seconds} s`);
    const idle = await customerLatency(url, customer, CUSTOMER_PAGE, seconds, CUSTOMER_INTERVAL_MS);
    log(`customer beside ${clients} hostile clients for ${seconds} s`);
    const cpuBefore = cpuSeconds(router.process.pid);
    const hostile = hostileClientsInWorker(url, clients);
    const loaded = await customerLatency(url, customer, CUSTOMER_PAGE, seconds, CUSTOMER_INTERVAL_MS);
    const hostileAnswers = await hostile.stop();
    const routerCpu = cpuSeconds(router.process.pid) - cpuBefore;

    const pid = router.process.pid;
    const startMb = residentMegabytes(pid);
    log(`${operations} distinct operations, twice`);
    const first = await sendDistinct(url, 0, operations, 8, distinctOperation);
    const afterFirstMb = residentMegabytes(pid);
    const second = await sendDistinct(url, operations, operations, 8, distinctOperation);
    const afterSecondMb = residentMegabytes(pid);

    const ratio = loaded.p99 / idle.p99;
    const growth = afterSecondMb - afterFirstMb;
    console.log(
      [
        '',
        `customer p99 alone ${idle.p99.toFixed(1)} ms (p50 ${idle.p50.toFixed(1)}, ${idle.samples} answers, ${idle.failed} failed)`,
        `customer p99 beside ${clients} hostile clients ${loaded.p99.toFixed(1)} ms (p50 ${loaded.p50.toFixed(1)}, ${loaded.samples} answers, ${loaded.failed} failed)`,
        `hostile requests: ${describeAnswers(hostileAnswers)}; router CPU ${routerCpu.toFixed(1)} s in ${seconds} s (${((routerCpu * 1000) / Math.max(1, hostileAnswers.sent + loaded.samples)).toFixed(2)} ms a request)`,
        `distinct operations: first ${describeAnswers(first)}; second ${describeAnswers(second)}`,
        `router RSS: ${startMb.toFixed(0)} MB before, ${afterFirstMb.toFixed(0)} MB after ${operations}, ${afterSecondMb.toFixed(0)} MB after ${2 * operations}`,
        '',
        `${goal(ratio <= 2)}  customer p99 under hostile load within 2x of idle: ${ratio.toFixed(2)}x`,
        `${goal(afterFirstMb < RSS_GOAL_MB)}  router RSS after ${operations} distinct operations under ${RSS_GOAL_MB} MB: ${afterFirstMb.toFixed(0)} MB`,
        `${goal(growth <= afterFirstMb * GROWTH_ALLOWED)}  no growth over a second ${operations}: ${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB`,
      ].join('\n'),
    );
  } finally {
    await router?.stop();
    await fleet.stop();
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
