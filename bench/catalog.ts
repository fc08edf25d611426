// `npm run bench:catalog`: the catalog's listing, search and facets at two catalog sizes (1,000 and 10,000
// products by default): latency p50/p99 and CPU per page of the catalog process and of the store (FerretDB and
// its PostgreSQL backends), then whether each shape's p99 at the large size stays within 2× the small one's;
// and the CPU per 20-product page of the catalog and of the reviews subgraph's ratings (goal 3). The catalog
// runs as `node dist/subgraphs/catalog/main.js` in production mode against a FerretDB of the benchmark's own.
import 'reflect-metadata';
import { join } from 'node:path';
import { connectMongo } from '../runtime/stores/mongo';
import { openCatalogStores } from '../subgraphs/catalog/subgraph';
import { testEnv } from '../test/support/test-env';
import { cpuPerRequest, measureShape, type Measured } from './catalog/measure';
import { startBenchStore } from './catalog/private-ferretdb';
import { formatShapes, type ShapeRow } from './catalog/report';
import { seedCategories, seedProducts, seedReviews } from './catalog/seed';
import { benchShapes, CPU_PAGE, RATINGS } from './catalog/shapes';
import { answersGet, freePort, residentMegabytes, startServiceProcess, type ServiceProcess } from './throughput/processes';

const setting = (name: string, fallback: string) => process.env[name] ?? fallback;
const sizes = setting('BENCH_CATALOG_SIZES', '1000,10000').split(',').map(Number);
const requests = Number(setting('BENCH_CATALOG_REQUESTS', '150'));
const warmup = Number(setting('BENCH_CATALOG_WARMUP', '30'));
const pageCpuRequests = Number(setting('BENCH_CATALOG_PAGE_REQUESTS', '1000'));
const distRoot = join(__dirname, '..', '..');
const log = (message: string) => console.error(`[bench:catalog] ${message}`);

/** Events of the benchmark's services stay in a virtual host of their own: they must not take the tests' events. */
const benchRabbitUrl = (() => {
  const url = new URL(testEnv.RABBITMQ_URL);
  url.pathname = '/flores_bench';
  return url.toString();
})();

async function startSubgraphProcess(name: string, mongoUrl: string): Promise<ServiceProcess & { url: string }> {
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
  const started = await startServiceProcess(name, join(distRoot, 'subgraphs', name, 'main.js'), env, answersGet(`http://127.0.0.1:${port}/readyz`), 180_000);
  return { ...started, url: `http://127.0.0.1:${port}/graphql` };
}

async function main(): Promise<void> {
  const started = Date.now();
  const store = await startBenchStore(testEnv.DATABASE_URL, testEnv.MONGODB_URL);
  log(store.isolated ? `a FerretDB of its own (pid ${store.pid})` : 'no FerretDB binary found: measuring the shared FerretDB (its CPU includes other work)');
  const mongo = await connectMongo(store.mongoUrl, 'bench-catalog');
  const rows = new Map<string, ShapeRow>();
  const memory: string[] = [];
  let pageCpu = '';
  try {
    const stores = await openCatalogStores(mongo);
    const categoryIds = await seedCategories(stores);
    const shapes = benchShapes(categoryIds[0]);
    let seeded = 0;
    for (const size of sizes) {
      log(`seeding products ${seeded} to ${size}`);
      await seedProducts(mongo.db, seeded, size, categoryIds);
      seeded = size;
      const loading = Date.now();
      const catalog = await startSubgraphProcess('catalog', store.mongoUrl);
      log(`catalog ready with ${size} products in ${((Date.now() - loading) / 1000).toFixed(1)} s`);
      try {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        const idle = residentMegabytes(catalog.pid);
        const processes: Measured = { catalogPid: catalog.pid, storePids: async () => [...(store.pid ? [store.pid] : []), ...(await store.backends())] };
        for (const shape of shapes) {
          const measured = await measureShape(catalog.url, shape, processes, requests, warmup);
          const row = rows.get(shape.name) ?? { shape: shape.name, bySize: new Map() };
          row.bySize.set(size, measured);
          rows.set(shape.name, row);
        }
        memory.push(`${size} products: catalog RSS ${idle.toFixed(0)} MB idle after loading, ${residentMegabytes(catalog.pid).toFixed(0)} MB after the run`);
        if (size === sizes[sizes.length - 1]) pageCpu = await measurePageCpu(catalog, store.mongoUrl, mongo.db);
      } finally {
        await catalog.stop();
      }
    }
  } finally {
    await mongo.close();
    await store.stop();
  }
  console.log(`\n${requests} requests per shape and size after ${warmup} of warm-up, one client, loopback; sorted and filtered shapes page through pages 1 to 5 of 20.`);
  console.log(`store: ${store.isolated ? "FerretDB of the benchmark's own and its PostgreSQL backends" : 'the shared FerretDB and all its PostgreSQL backends (noisy)'}; latency in ms, CPU in ms per page.\n`);
  console.log(formatShapes([...rows.values()], sizes));
  console.log(`\n${memory.join('\n')}\n${pageCpu}\n\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/** Goal 3: CPU per 20-product page with price and stock in the catalog, and per ratings look-up of those products in reviews. */
async function measurePageCpu(catalog: ServiceProcess & { url: string }, mongoUrl: string, db: import('mongodb').Db): Promise<string> {
  const catalogCpu = await cpuPerRequest(catalog.url, catalog.pid, CPU_PAGE, {}, pageCpuRequests);
  const response = await fetch(catalog.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: CPU_PAGE }) });
  const ids = ((await response.json()) as { data: { products: { edges: Array<{ node: { id: string } }> } } }).data.products.edges.map(({ node }) => node.id);
  await seedReviews(db, ids);
  const reviews = await startSubgraphProcess('reviews', mongoUrl);
  try {
    const representations = ids.map((id) => ({ __typename: 'Product', id }));
    const reviewsCpu = await cpuPerRequest(reviews.url, reviews.pid, RATINGS, { r: representations }, pageCpuRequests);
    return [
      `CPU per 20-product page (goal ≤ 1.5 ms each; ${pageCpuRequests} requests after a warm-up):`,
      `  catalog products(first: 20) { … price inStock stock }: ${catalogCpu.toFixed(2)} ms`,
      `  reviews _entities × 20 { rating { average count } }: ${reviewsCpu.toFixed(2)} ms`,
    ].join('\n');
  } finally {
    await reviews.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
