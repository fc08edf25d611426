// `npm run bench:shop`: a busy day in the shop, played. The eight subgraphs and the router run as processes of
// their own (production mode, the tests' stores, MongoDB data in a database of the bench's own, emptied each
// run); the shop's demo catalog is seeded; then N shoppers, each with an account and a client address of its
// own, browse, fill carts, check out and look at their orders for a fixed time while a staff member watches the
// live order feed. Afterwards the books are checked (orders, stock, feed) and the goals of issue #12 reported.
import 'reflect-metadata';
import { expectData } from '../test/support/graphql';
import { metricValue } from '../test/support/metrics';
import { testKeys } from '../test/support/tokens';
import { benchMongoUrl, prepareBenchStores } from './shared/bench-database';
import { generousRouterLimits, startBenchRouter } from './shared/router';
import { startSubgraphFleet, type SubgraphFleet } from './shared/subgraph-fleet';
import { playBusyDay, type DaySetting } from './shop/busy-day';
import { dayGoals } from './shop/goals';
import { readStock } from './shop/read-back';
import { formatDay } from './shop/report';
import { LOW_STOCK, seedShopCatalog, type ShopCatalog } from './shop/shop-catalog';
import { signUpShoppers, type ShopperIdentity } from './shop/shoppers';
import { openStaffFeed } from './shop/staff-feed';

const seconds = Number(process.env.BENCH_SHOP_SECONDS ?? 60);
const shopperCounts = (process.env.BENCH_SHOP_SHOPPERS ?? '200,400').split(',').map(Number);
// Before the measured days, a lighter day of shoppers of its own (0 s: none). A shop's processes have served
// traffic before its busy hour; freshly started ones first spend CPU compiling their hot code and filling caches.
const warmUpSeconds = Number(process.env.BENCH_SHOP_WARM_UP_SECONDS ?? 30);
const warmUpShoppers = Number(process.env.BENCH_SHOP_WARM_UP_SHOPPERS ?? 100);
const THINK_MS: [number, number] = [500, 2_000];

const log = (message: string) => console.error(`[bench:shop] ${message}`);

/** Brings the low-stock products back to LOW_STOCK units for the next day, through the router as staff. */
async function restockLowStock(routerUrl: string, catalogUrl: string, staff: Record<string, string>, catalog: ShopCatalog): Promise<void> {
  const stock = await readStock(catalogUrl, staff);
  for (const product of catalog.products.filter((candidate) => candidate.lowStock)) {
    const delta = LOW_STOCK - (stock.get(product.id) ?? LOW_STOCK);
    if (delta !== 0)
      await expectData(
        routerUrl,
        'mutation($id: ID!, $delta: Int!) { adjustStock(productId: $id, delta: $delta) { stock } }',
        { id: product.id, delta },
        staff,
      );
  }
}

/** The catalog, every day's shoppers (own accounts, addresses and loopback addresses), through a router with roomy limits. */
async function seedShop(
  fleet: SubgraphFleet,
  jwksUrl: string,
  staff: Record<string, string>,
): Promise<{ catalog: ShopCatalog; warmUp: ShopperIdentity[]; days: ShopperIdentity[][] }> {
  const keys = await testKeys();
  const seeder = await startBenchRouter('seeding-router', fleet, jwksUrl, { ROUTER_RESPONSE_CACHE: 'off', ...generousRouterLimits });
  try {
    log('seeding the demo catalog (16 categories, 136 products, reviews)');
    const catalog = await seedShopCatalog(seeder.url, staff);
    const warmUpCount = warmUpSeconds > 0 ? warmUpShoppers : 0;
    log(`signing up ${shopperCounts.reduce((sum, count) => sum + count, warmUpCount)} shoppers with an address each`);
    const warmUp = await signUpShoppers(seeder.url, keys, 0, warmUpCount);
    const days: ShopperIdentity[][] = [];
    let first = warmUpCount;
    for (const count of shopperCounts) {
      days.push(await signUpShoppers(seeder.url, keys, first, count));
      first += count;
    }
    return { catalog, warmUp, days };
  } finally {
    await seeder.process.stop();
  }
}

const RESERVATION_TIMEOUT_SECONDS = 15;

async function main(): Promise<void> {
  if (!(seconds > 0) || shopperCounts.some((count) => !Number.isInteger(count) || count < 1))
    throw new Error('BENCH_SHOP_SECONDS must be > 0 and BENCH_SHOP_SHOPPERS a list of counts, e.g. 200,400');
  if (!(warmUpSeconds >= 0) || !Number.isInteger(warmUpShoppers) || warmUpShoppers < 1)
    throw new Error('BENCH_SHOP_WARM_UP_SECONDS must be ≥ 0 (0: no warm-up) and BENCH_SHOP_WARM_UP_SHOPPERS a count ≥ 1');
  const started = Date.now();
  const mongoUrl = benchMongoUrl('shop');
  await prepareBenchStores(mongoUrl);
  const keys = await testKeys();
  const staff = { authorization: `Bearer ${await keys.sign({ accountId: '00000000-0000-4000-8000-0000000057af', roles: ['STAFF'] }, { expiresIn: '3h' })}` };
  // Restocks between days under an account of their own: the seeding's mutations, a minute before, spent the staff's.
  const restocker = {
    authorization: `Bearer ${await keys.sign({ accountId: '00000000-0000-4000-8000-00000000057c', roles: ['STAFF'] }, { expiresIn: '3h' })}`,
  };
  log('starting the eight subgraphs');
  // A reservation no order confirmed is released after this (the default is 2 minutes): within the checks' settling time.
  const fleet = await startSubgraphFleet(keys, mongoUrl, { orders: { ORDERS_RESERVATION_TIMEOUT_SECONDS: String(RESERVATION_TIMEOUT_SECONDS) } });
  let correct = true;
  try {
    const { catalog, warmUp, days } = await seedShop(fleet, keys.jwksUrl, staff);
    // The router of the day: production settings, response cache on, every limit at its default, no proxy trusted
    // (each shopper's own loopback address is its client address).
    const router = await startBenchRouter('router', fleet, keys.jwksUrl, { ROUTER_RESPONSE_CACHE: 'on', TRUST_PROXY_HOPS: '0' });
    try {
      const feed = await openStaffFeed(
        router.url,
        staff.authorization,
        async () => ((await metricValue(router.metricsUrl, 'router_subscriptions_open', { field: 'orderUpdates' })) ?? 0) >= 1,
      );
      try {
        const catalogUrl = fleet.urls.get('catalog')!;
        const setting: DaySetting = {
          routerUrl: router.url,
          routerMetricsUrl: router.metricsUrl,
          catalogUrl,
          staff,
          catalog,
          feed,
          processes: [{ name: 'router', pid: router.process.pid }, ...fleet.processes],
          seconds,
          thinkMs: THINK_MS,
        };
        const plan = [
          ...(warmUp.length > 0 ? [{ shoppers: warmUp, seconds: warmUpSeconds, warmUp: true }] : []),
          ...days.map((shoppers) => ({ shoppers, seconds, warmUp: false })),
        ];
        for (const { shoppers, seconds: daySeconds, warmUp: warming } of plan) {
          await restockLowStock(router.url, catalogUrl, restocker, catalog);
          log(`${warming ? 'warm-up, ' : ''}N = ${shoppers.length}: ${daySeconds} s of shopping, then the checks`);
          const day = await playBusyDay({ ...setting, seconds: daySeconds }, shoppers, warming);
          console.log(`\n${formatDay(day)}`);
          correct &&= dayGoals(day).every((goal) => !goal.correctness || goal.reached);
        }
        if (feed.ended()) log('the staff feed ended during the bench');
      } finally {
        await feed.close();
      }
    } finally {
      await router.process.stop();
    }
  } finally {
    await fleet.stop();
  }
  console.log(
    `\nthink time ${THINK_MS[0] / 1000}–${THINK_MS[1] / 1000} s; loopback; the harness in one process; total ${((Date.now() - started) / 1000).toFixed(0)} s`,
  );
  if (!correct) throw new Error('a correctness check failed (see [correctness] lines above)');
}

// Missed speed goals are reported; a correctness failure or a broken run exits non-zero.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
