// `npm run bench`: requests per second, latency, CPU and memory of a bare Node server (the ceiling), a stock
// @apollo/gateway and this router (response cache off and on), over the same eight subgraph processes, the
// same seeded shop and the same queries, loaded in turn by autocannon on loopback; then the stock gateway and
// the router under varied traffic (every connection its own customer, every request different). Uses the
// tests' stores (MongoDB data in a database of its own, emptied each run: see shared/bench-database.ts).
import 'reflect-metadata';
import { graphql } from '../test/support/graphql';
import { testKeys } from '../test/support/tokens';
import { benchMongoUrl, prepareBenchStores } from './shared/bench-database';
import { peakResidentMegabytes, residentMegabytes } from './shared/processes';
import { responseCacheCounts, scrapeRouter } from './shared/router-metrics';
import { startSubgraphFleet, type SubgraphFleet } from './shared/subgraph-fleet';
import { combineSlices, fixedLoad, measureSlice, variedLoad, warmUp, type BenchLoad, type LoadShape, type Measurement } from './throughput/load';
import { catalogPage, deepOrders, publicCatalogPage, publicLargePage, type BenchQuery } from './throughput/queries';
import { formatCpuTable, formatGoals, formatMemory, formatTable, type MemoryFigures, type Row } from './throughput/report';
import { seedBenchShop } from './throughput/shop-data';
import type { RunningServer } from './shared/graphql-server';
import { startSeedingRouter, targets, type Target, type TargetSetting } from './throughput/targets';

const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
// 4 targets × 4 queries + 2 varied rows, each warm-up + run: about 3 minutes of load by default.
const shape: LoadShape = {
  connections: seconds('BENCH_CONNECTIONS', 20),
  warmupSeconds: seconds('BENCH_WARMUP_SECONDS', 2),
  seconds: seconds('BENCH_SECONDS', 9),
  rounds: seconds('BENCH_ROUNDS', 3),
};

const log = (message: string) => console.error(`[bench] ${message}`);

/** BENCH_TARGETS=bare,router-cache-on measures only those (while working on one of them); all by default. */
const chosenTargets = () => {
  const wanted = process.env.BENCH_TARGETS?.split(',').map((name) => name.trim());
  return wanted ? targets.filter((target) => wanted.includes(target.name)) : targets;
};

const callerHeaders = (query: BenchQuery, customerHeaders: Record<string, string>) => (query.caller === 'customer' ? customerHeaders : {});

/** One real answer per query, as its caller gets it: what the bare server serves, and a check that the shop is right. */
async function referenceResponses(url: string, queries: BenchQuery[], customerHeaders: Record<string, string>): Promise<Record<string, string>> {
  const responses: Record<string, string> = {};
  for (const query of queries) {
    const { data, errors } = await graphql(url, query.query, query.variables, callerHeaders(query, customerHeaders));
    if (errors?.length || !data) throw new Error(`${query.name} fails on the router: ${JSON.stringify(errors)}`);
    responses[query.name] = JSON.stringify({ data });
    log(`${query.name}: ${(responses[query.name].length / 1024).toFixed(1)} KB answer`);
  }
  return responses;
}

const subgraphRss = (fleet: SubgraphFleet) => new Map(fleet.processes.map(({ name, pid }) => [name, residentMegabytes(pid)]));

/**
 * One load on several targets: each warmed up, then loaded in `shape.rounds` slices, the targets taking turns,
 * so a drift of the shared machine's speed weighs on every target alike.
 */
async function measureInTurns(targets: Array<[Target, RunningServer]>, fleet: SubgraphFleet, load: BenchLoad, answer: Row['answer']): Promise<Row[]> {
  const slices = new Map<Target, Measurement[]>(targets.map(([target]) => [target, []]));
  for (const [target, server] of targets) {
    log(`${target.name} × ${load.name}: ${shape.warmupSeconds} s warm-up`);
    await warmUp(server.url, load, shape);
  }
  const sliceSeconds = Math.max(1, Math.round(shape.seconds / shape.rounds));
  for (let round = 1; round <= shape.rounds; round += 1) {
    for (const [target, server] of targets) {
      log(`${target.name} × ${load.name}: slice ${round} of ${shape.rounds}, ${sliceSeconds} s with ${shape.connections} connections`);
      const cacheCounts = target.isRouter ? async () => responseCacheCounts(await scrapeRouter(server.metricsUrl)) : undefined;
      slices
        .get(target)!
        .push(
          await measureSlice(server.url, { name: target.name, pid: server.process.pid }, fleet.processes, load, shape.connections, sliceSeconds, cacheCounts),
        );
    }
  }
  return targets.map(([target]) => ({ target: target.name, query: load.name, answer, measurement: combineSlices(slices.get(target)!) }));
}

async function main(): Promise<void> {
  const started = Date.now();
  const mongoUrl = benchMongoUrl('bench');
  await prepareBenchStores(mongoUrl);
  const keys = await testKeys();
  log('starting the eight subgraphs');
  const fleet = await startSubgraphFleet(keys, mongoUrl);
  try {
    const setting: TargetSetting = { fleet, jwksUrl: keys.jwksUrl, bareResponses: {} };
    log('seeding a category, reviews, a wishlist and orders through the router');
    const seeder = await startSeedingRouter(setting);
    let queries: BenchQuery[];
    let customerHeaders: Record<string, string>;
    let varied: BenchLoad;
    try {
      const shop = await seedBenchShop(seeder.url);
      queries = [catalogPage(shop.categoryId), deepOrders(), publicCatalogPage(shop.categoryId), publicLargePage(shop.categoryId)];
      customerHeaders = shop.customerHeaders;
      varied = variedLoad({ categoryId: shop.categoryId, priceAscCursors: shop.priceAscCursors }, shop.variedCustomerHeaders);
      setting.bareResponses = await referenceResponses(seeder.url, queries, customerHeaders);
    } finally {
      await seeder.process.stop();
    }

    const idleBefore = subgraphRss(fleet);
    const rows: Row[] = [];
    const routerPeaks: MemoryFigures['routerPeaks'] = [];
    // Every target runs at once (idle while another is loaded), so their slices can take turns.
    const running = new Map<Target, RunningServer>();
    try {
      for (const target of chosenTargets()) running.set(target, await target.start(setting));
      const fixedLoads = queries.map((query): [BenchLoad, Row['answer']] => [
        fixedLoad(query, callerHeaders(query, customerHeaders)),
        query.caller === 'customer' ? 'private' : 'public',
      ]);
      for (const [traffic, loads] of [
        ['fixed', fixedLoads],
        ['varied', [[varied, 'private']]],
      ] as Array<['fixed' | 'varied', Array<[BenchLoad, Row['answer']]>]>) {
        const targetsOf = [...running].filter(([target]) => target.traffic === traffic);
        for (const [load, answer] of loads) {
          rows.push(...(await measureInTurns(targetsOf, fleet, load, answer)));
        }
      }
      for (const [target, server] of running) if (target.isRouter) routerPeaks.push({ target: target.name, peakMb: peakResidentMegabytes(server.process.pid) });
    } finally {
      await Promise.all([...running.values()].map((server) => server.process.stop()));
    }
    const idleAfter = subgraphRss(fleet);
    const memory: MemoryFigures = {
      routerPeaks,
      subgraphsIdle: fleet.processes.map(({ name }) => ({ name, beforeMb: idleBefore.get(name)!, afterMb: idleAfter.get(name)! })),
    };

    console.log(
      `\n${shape.connections} connections, ${shape.seconds} s per row in ${shape.rounds} slices taking turns with the other targets' (medians of the slices), after ${shape.warmupSeconds} s of warm-up, loopback, autocannon in the harness process.`,
    );
    for (const query of queries) console.log(`  ${query.name}: ${query.what}`);
    console.log(
      "  VariedCatalogPage: products(first: 18–24) with CatalogPage's fields, each request other variables (sort, search, cursor, colour or occasion, a sequence-numbered priceMax), each connection its own customer",
    );
    for (const target of chosenTargets()) console.log(`  ${target.name}: ${target.what}`);
    console.log(`\n${formatTable(rows)}\n\nCPU milliseconds per request, measured runs only (/proc/<pid>/stat utime+stime):\n\n${formatCpuTable(rows)}`);
    console.log(`\n${formatMemory(memory)}\n\n${formatGoals(rows, memory)}\n\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await fleet.stop();
  }
}

// A measurement: missed goals are reported, not failed; only a broken run exits non-zero.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
