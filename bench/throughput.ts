// `npm run bench`: requests per second, latency and memory of a bare Node server (the ceiling), a stock
// @apollo/gateway and this router (response cache off and on), over the same eight subgraph processes, the
// same seeded shop and the same two queries, loaded in turn by autocannon on loopback. Uses the tests' stores
// (MongoDB data in a database of its own, emptied each run: see throughput/bench-database.ts).
import 'reflect-metadata';
import { applyMigrations } from '../scripts/migrations/apply';
import { graphql } from '../test/support/graphql';
import { testEnv } from '../test/support/test-env';
import { testKeys } from '../test/support/tokens';
import { emptyBenchDatabase } from './throughput/bench-database';
import { measure, type LoadShape } from './throughput/load';
import { catalogPage, deepOrders, type BenchQuery } from './throughput/queries';
import { formatGoals, formatTable, type Row } from './throughput/report';
import { seedBenchShop } from './throughput/shop-data';
import { startSubgraphFleet } from './throughput/subgraph-fleet';
import { startSeedingRouter, targets, type TargetSetting } from './throughput/targets';

const seconds = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
// 4 targets × 2 queries × (warm-up + run) ≈ 100 s of load by default; shorter while developing.
const shape: LoadShape = {
  connections: seconds('BENCH_CONNECTIONS', 20),
  warmupSeconds: seconds('BENCH_WARMUP_SECONDS', 2),
  seconds: seconds('BENCH_SECONDS', 10),
};

const log = (message: string) => console.error(`[bench] ${message}`);

/** One real answer per query, as this caller gets it: what the bare server serves, and a check that the shop is right. */
async function referenceResponses(url: string, queries: BenchQuery[], headers: Record<string, string>): Promise<Record<string, string>> {
  const responses: Record<string, string> = {};
  for (const query of queries) {
    const { data, errors } = await graphql(url, query.query, query.variables, headers);
    if (errors?.length || !data) throw new Error(`${query.name} fails on the router: ${JSON.stringify(errors)}`);
    responses[query.name] = JSON.stringify({ data });
  }
  return responses;
}

async function main(): Promise<void> {
  const started = Date.now();
  await Promise.all([applyMigrations({ databaseUrl: testEnv.DATABASE_URL }), emptyBenchDatabase()]);
  const keys = await testKeys();
  log('starting the eight subgraphs');
  const fleet = await startSubgraphFleet(keys);
  try {
    const setting: TargetSetting = { fleet, jwksUrl: keys.jwksUrl, bareResponses: {} };
    log('seeding a category, reviews, a wishlist and orders through the router');
    const seeder = await startSeedingRouter(setting);
    let queries: BenchQuery[];
    let headers: Record<string, string>;
    try {
      const shop = await seedBenchShop(seeder.url);
      queries = [catalogPage(shop.categoryId), deepOrders()];
      headers = shop.customerHeaders;
      setting.bareResponses = await referenceResponses(seeder.url, queries, headers);
    } finally {
      await seeder.process.stop();
    }

    const rows: Row[] = [];
    for (const target of targets) {
      const running = await target.start(setting);
      try {
        for (const query of queries) {
          log(`${target.name} × ${query.name}: ${shape.warmupSeconds} s warm-up, ${shape.seconds} s with ${shape.connections} connections`);
          rows.push({ target: target.name, query: query.name, measurement: await measure(running.url, running.process.pid, query, headers, shape) });
        }
      } finally {
        await running.process.stop();
      }
    }

    console.log(`\n${shape.connections} connections, ${shape.seconds} s per row after ${shape.warmupSeconds} s of warm-up, loopback, autocannon in the harness process.`);
    for (const query of queries) console.log(`  ${query.name}: ${query.what}`);
    for (const target of targets) console.log(`  ${target.name}: ${target.what}`);
    console.log(`\n${formatTable(rows)}\n\n${formatGoals(rows)}\n\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
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
