// `npm run bench:catalog`: the catalog's listing, search and facets at two catalog sizes (1,000 and 10,000
// products by default): latency p50/p99 and CPU per page of the catalog process and of its store (FerretDB and
// its PostgreSQL backends), then whether each shape's p99 at the large size stays within 2× the small one's;
// the catalog's idle memory; and the CPU per 20-product page of the catalog and of the reviews subgraph's ratings
// (goal 3). Each size has its own catalog (`node dist/subgraphs/catalog/main.js`, production mode) over its own
// FerretDB; the requests take turns between the sizes, so the machine's other work weighs on both alike.
import 'reflect-metadata';
import { join } from 'node:path';
import type { Db } from 'mongodb';
import { subgraphNodeFlags } from '../runtime/service-node-flags';
import { connectMongo, type MongoStore } from '../runtime/stores/mongo';
import { openCatalogStores } from '../subgraphs/catalog/subgraph';
import { testEnv } from '../test/support/test-env';
import { cpuPerRequest, measureShape, medianOf, type ShapeMeasurement, type Target } from './catalog/measure';
import { startBenchStore, type BenchStore } from './catalog/private-ferretdb';
import { formatShapes, type ShapeRow } from './catalog/report';
import { seedCategories, seedProducts, seedReviews } from './catalog/seed';
import { benchShapes, CPU_PAGE, RATINGS, type Shape } from './catalog/shapes';
import { answersGet, freePort, residentMegabytes, startServiceProcess, type ServiceProcess } from './shared/processes';

const setting = (name: string, fallback: string) => process.env[name] ?? fallback;
const sizes = setting('BENCH_CATALOG_SIZES', '1000,10000').split(',').map(Number);
const requests = Number(setting('BENCH_CATALOG_REQUESTS', '100'));
const warmup = Number(setting('BENCH_CATALOG_WARMUP', '30'));
const rounds = Number(setting('BENCH_CATALOG_ROUNDS', '3'));
const pageCpuRequests = Number(setting('BENCH_CATALOG_PAGE_REQUESTS', '1000'));
/** The built service scripts (`npm run bench:catalog` builds first). */
const distRoot = join(__dirname, '..');
const log = (message: string) => console.error(`[bench:catalog] ${message}`);

/** Events of the benchmark's services stay in a virtual host of their own: they must not take the tests' events. */
const benchRabbitUrl = (() => {
  const url = new URL(testEnv.RABBITMQ_URL);
  url.pathname = '/flores_bench';
  return url.toString();
})();

type Subgraph = ServiceProcess & { url: string };

async function startSubgraphProcess(name: string, mongoUrl: string): Promise<Subgraph> {
  const port = await freePort();
  const env = {
    ...testEnv,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    PORT: String(port),
    MONGODB_URL: mongoUrl,
    RABBITMQ_URL: benchRabbitUrl,
    // Every request is anonymous: the key set is never fetched.
    AUTH_JWKS_URL: 'http://127.0.0.1:9/jwks.json',
  };
  const started = await startServiceProcess(
    name,
    join(distRoot, 'subgraphs', name, 'main.js'),
    env,
    answersGet(`http://127.0.0.1:${port}/readyz`),
    subgraphNodeFlags(name),
    180_000,
  );
  return { ...started, url: `http://127.0.0.1:${port}/graphql` };
}

/** One catalog size: its store with its products, and its catalog process. */
interface Sized {
  size: number;
  store: BenchStore;
  mongo: MongoStore;
  catalog?: Subgraph;
  shapes: Shape[];
}

async function prepare(size: number): Promise<Sized> {
  const store = await startBenchStore(testEnv.DATABASE_URL, testEnv.MONGODB_URL, `catalog_${size}`);
  const mongo = await connectMongo(store.mongoUrl, 'bench-catalog');
  const categoryIds = await seedCategories(await openCatalogStores(mongo));
  await seedProducts(mongo.db, 0, size, categoryIds);
  log(
    `${size} products in ${store.isolated ? `a FerretDB of their own (pid ${store.pid})` : 'the shared FerretDB (no binary found: its CPU includes other work)'}`,
  );
  return { size, store, mongo, shapes: benchShapes(categoryIds[0]) };
}

/**
 * Resident memory once the process has been idle long enough for V8's memory reducer to give back what the load
 * left (it runs some 15 to 30 s after the work stops): the lowest reading over 60 s, or once it fell and held.
 */
async function idleResidentMegabytes(pid: number): Promise<number> {
  const first = residentMegabytes(pid);
  let lowest = first;
  for (let waited = 0; waited < 60_000; waited += 3_000) {
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const now = residentMegabytes(pid);
    if (lowest < first * 0.9 && now >= lowest - 1) return Math.min(lowest, now);
    lowest = Math.min(lowest, now);
  }
  return lowest;
}

/** Goal 3: CPU per 20-product page with price and stock in the catalog, and per ratings look-up of those products in reviews. */
async function measurePageCpu(catalog: Subgraph, mongoUrl: string, db: Db): Promise<string> {
  const catalogCpu = await cpuPerRequest(catalog.url, catalog.pid, CPU_PAGE, {}, pageCpuRequests);
  const response = await fetch(catalog.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CPU_PAGE }) });
  const ids = ((await response.json()) as { data: { products: { edges: Array<{ node: { id: string } }> } } }).data.products.edges.map(({ node }) => node.id);
  await seedReviews(db, ids);
  const reviews = await startSubgraphProcess('reviews', mongoUrl);
  try {
    const reviewsCpu = await cpuPerRequest(reviews.url, reviews.pid, RATINGS, { r: ids.map((id) => ({ __typename: 'Product', id })) }, pageCpuRequests);
    return [
      `CPU per 20-product page (goal ≤ 1.5 ms each; ${pageCpuRequests} requests after a warm-up, on the largest catalog):`,
      `  catalog products(first: 20) { … price inStock stock }: ${catalogCpu.toFixed(2)} ms`,
      `  reviews _entities × 20 { rating { average count } }: ${reviewsCpu.toFixed(2)} ms`,
    ].join('\n');
  } finally {
    await reviews.stop();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const sized: Sized[] = [];
  const rows = new Map<string, ShapeRow>();
  const memory: string[] = [];
  let pageCpu: string | undefined;
  try {
    for (const size of sizes) sized.push(await prepare(size));
    for (const target of sized) {
      const loading = Date.now();
      target.catalog = await startSubgraphProcess('catalog', target.store.mongoUrl);
      log(`catalog of ${target.size} products ready in ${((Date.now() - loading) / 1000).toFixed(1)} s`);
    }
    const idle = await Promise.all(sized.map((target) => idleResidentMegabytes(target.catalog!.pid)));
    const targets: Target[] = sized.map(({ catalog, store }) => ({
      url: catalog!.url,
      processes: { catalogPid: catalog!.pid, storePids: async () => [...(store.pid ? [store.pid] : []), ...(await store.backends())] },
    }));
    const shapeCount = sized[0].shapes.length;
    const measured = Array.from({ length: shapeCount }, () => sized.map((): ShapeMeasurement[] => []));
    for (let round = 0; round < rounds; round += 1) {
      log(`round ${round + 1} of ${rounds}`);
      for (let shape = 0; shape < shapeCount; shape += 1) {
        // The same shape at each size (their category ids differ: each catalog gets its own variables).
        const results = await measureShape(
          targets,
          sized.map((target) => target.shapes[shape]),
          requests,
          round === 0 ? warmup : 0,
        );
        results.forEach((result, index) => measured[shape][index].push(result));
      }
    }
    for (let shape = 0; shape < shapeCount; shape += 1) {
      const name = sized[0].shapes[shape].name;
      rows.set(name, { shape: name, bySize: new Map(sized.map((target, index) => [target.size, medianOf(measured[shape][index])])) });
    }
    sized.forEach((target, index) =>
      memory.push(
        `${target.size} products: catalog RSS ${idle[index].toFixed(0)} MB idle after loading, ${residentMegabytes(target.catalog!.pid).toFixed(0)} MB right after the run`,
      ),
    );
    const largest = sized[sized.length - 1];
    pageCpu = await measurePageCpu(largest.catalog!, largest.store.mongoUrl, largest.mongo.db);
  } finally {
    for (const target of sized) {
      await target.catalog?.stop();
      await target.mongo.close();
      await target.store.stop();
    }
  }
  const isolated = sized.every((target) => target.store.isolated);
  console.log(
    `\n${rounds} rounds of ${requests} requests per shape and size (medians of the rounds) after ${warmup} of warm-up; one client taking turns between the sizes, loopback; sorted and filtered shapes page through pages 1 to 5 of 20.`,
  );
  console.log(
    `store: ${isolated ? 'a FerretDB per size and its PostgreSQL backends' : 'the shared FerretDB and all its PostgreSQL backends (noisy)'}; latency in ms, CPU in ms per page.\n`,
  );
  console.log(formatShapes([...rows.values()], sizes));
  console.log(`\n${memory.join('\n')}\n${pageCpu ?? ''}\n\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
