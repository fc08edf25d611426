// `npm run bench:subscriptions`: live order updates through a real router process, fed by RabbitMQ. Per mode
// (bench/subscriptions/modes.ts: 1,000 subscriptions on 100 sockets; 10,000 on 500), the time from each status
// change to its receipt at every subscriber, deliveries missed, and the router's peak resident memory. Uses the
// tests' stores (test-env; MongoDB data in a database of its own, emptied at each start); the subgraphs run as
// processes of their own (bench/shared/subgraph-fleet.ts).
// BENCH_SUBSCRIPTION_MODES=1k,10k picks modes; BENCH_ROUTER_NODE_ARGS='--cpu-prof --cpu-prof-dir=<dir>' profiles the router.
import 'reflect-metadata';
import { metricValue } from '../test/support/metrics';
import { testKeys } from '../test/support/tokens';
import { benchMongoUrl, prepareBenchStores } from './shared/bench-database';
import { stopOnInterrupt } from './shared/processes';
import { startSubgraphFleet } from './shared/subgraph-fleet';
import { benchModes, type BenchMode } from './subscriptions/modes';
import { formatGoals, formatModes, type ModeRow } from './subscriptions/report';
import { startBenchRouter, type BenchRouter } from './subscriptions/router';
import { runMode } from './subscriptions/scenario';

const log = (message: string) => console.error(`[bench] ${message}`);

function chosenModes(): BenchMode[] {
  const names = process.env.BENCH_SUBSCRIPTION_MODES?.split(',').map((name) => name.trim());
  if (!names) return benchModes;
  const unknown = names.filter((name) => !benchModes.some((mode) => mode.name === name));
  if (unknown.length) throw new Error(`unknown BENCH_SUBSCRIPTION_MODES ${unknown.join(', ')}; known: ${benchModes.map((mode) => mode.name).join(', ')}`);
  return benchModes.filter((mode) => names.includes(mode.name));
}

async function main(): Promise<void> {
  const started = Date.now();
  const modes = chosenModes();
  // MongoDB data in a database of its own (the throughput benchmark empties its own at each start).
  const mongoUrl = benchMongoUrl('bench_subscriptions');
  await prepareBenchStores(mongoUrl);
  const keys = await testKeys();
  log('starting the eight subgraphs');
  const fleet = await startSubgraphFleet(keys, mongoUrl);
  let router: BenchRouter | undefined;
  stopOnInterrupt(() => [router?.stop(), fleet.stop()]);
  const rows: ModeRow[] = [];
  const failures: string[] = [];
  try {
    for (const mode of modes) {
      // A router of its own per mode, so its memory is that mode's.
      router = await startBenchRouter(fleet, keys.jwksUrl);
      const routerMetricsUrl = router.metricsUrl;
      const open = async () => (await metricValue(routerMetricsUrl, 'router_subscriptions_open')) ?? 0;
      try {
        log(`${mode.name}: opening subscriptions and changing orders`);
        const result = await runMode(mode, router.url, open);
        rows.push({ mode, result, peakRssMb: router.peakRssMb() });
      } catch (error) {
        // The other modes still run and report.
        failures.push(
          `${mode.name} did not complete: ${error instanceof Error ? error.message : String(error)} (router peak RSS ${router.peakRssMb().toFixed(0)} MB)`,
        );
      } finally {
        await router.stop();
      }
    }
  } finally {
    await fleet.stop();
  }
  console.log(`\n${formatModes(rows)}\n\n${formatGoals(rows)}\n\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
  for (const { mode, result } of rows)
    if (result.others)
      console.log(`${mode.name}: ${result.others} results not measured on the staff feed (orders placed meanwhile, other runs on the tests' broker)`);
  for (const failure of failures) console.log(`FAILED   ${failure}`);
  if (failures.length) process.exitCode = 1;
}

// A measurement: missed goals are reported, not failed; only a broken run exits non-zero.
main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
