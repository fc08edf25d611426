import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { storeProcesses, watchProcesses, type ProcessUsage } from '../shared/process-usage';
import type { BrowseCatalog } from './browse-requests';
import { checkCorrectness, type Correctness } from './correctness';
import { readStock } from './read-back';
import { watchRouter, type RouterFigures } from './router-metrics';
import { ShopClient } from './shop-client';
import type { ShopCatalog } from './shop-catalog';
import { Shopper, type AcknowledgedOrder } from './shopper';
import type { ShopperIdentity } from './shoppers';
import type { StaffFeed } from './staff-feed';
import { Tally } from './tally';

export interface DaySetting {
  routerUrl: string;
  /** The router's /metrics, on its metrics port. */
  routerMetricsUrl: string;
  catalogUrl: string;
  staff: Record<string, string>;
  catalog: ShopCatalog & BrowseCatalog;
  feed: StaffFeed;
  /** The router and the subgraphs, watched for CPU and memory. */
  processes: Array<{ name: string; pid: number }>;
  seconds: number;
  thinkMs: [number, number];
}

/** One busy day (a run at one N): what was asked, what the shop did, and whether its books still add up. */
export interface DayResult {
  shoppers: number;
  /** A warm-up before the measured days: reported and checked, its speed not judged. */
  warmUp: boolean;
  /** How long shoppers started new steps. */
  seconds: number;
  /** When the last answer came, after the start (steps under way at the end are finished). */
  lastAnswerSeconds: number;
  /** When the day's steady state began (Date.now() ms): its first third is over, the caches and the code warm. */
  steadyFrom: number;
  /** The shoppers' think time between steps, and the machine's cores: what was asked of what. */
  thinkMs: [number, number];
  cores: number;
  /** Steps the shoppers played (a step is one request, or two: a cart made then filled, a list then an order). */
  steps: number;
  tally: Tally;
  acknowledgedOrders: number;
  router: RouterFigures;
  usage: ProcessUsage[];
  harness: HarnessLoad;
  correctness: Correctness;
}

/**
 * The harness's own load while it played the day: every shopper runs in this one process, so a latency it
 * measures includes any wait of its own event loop before it saw the answer.
 */
export interface HarnessLoad {
  cpuSeconds: number;
  loopDelayMs: { p50: number; p99: number; max: number };
}

/**
 * Plays `shoppers` at once for `seconds` against the router, each from its own address with its own account,
 * while the router's metrics, the processes' CPU and memory and the staff feed are watched; then checks the books.
 */
export async function playBusyDay(setting: DaySetting, shoppers: ShopperIdentity[], warmUp = false): Promise<DayResult> {
  const stockBefore = await readStock(setting.catalogUrl, setting.staff);
  const tally = new Tally();
  const acknowledged: AcknowledgedOrder[] = [];
  const clients = shoppers.map((identity) => new ShopClient(setting.routerUrl, identity.localAddress, identity.headers));
  // The caches' steady state: after the first third of the day (its caches start cold).
  const router = await watchRouter(setting.routerMetricsUrl, (setting.seconds * 1000) / 3);
  // The stores too, found as the day starts: PostgreSQL backends the services open later are not in its figure.
  const processes = watchProcesses([...setting.processes, ...storeProcesses()], 500);
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const cpuBefore = process.cpuUsage();
  const started = Date.now();
  let steps: number;
  try {
    const shopperSetting = { catalog: setting.catalog, tally, acknowledged, random: Math.random, thinkMs: setting.thinkMs };
    const playing = shoppers.map((identity, index) => new Shopper(identity, clients[index], shopperSetting));
    await Promise.all(playing.map((shopper) => shopper.play(started + setting.seconds * 1000)));
    steps = playing.reduce((sum, shopper) => sum + shopper.steps, 0);
  } finally {
    await Promise.all(clients.map((client) => client.close()));
  }
  const lastAnswerSeconds = (Date.now() - started) / 1000;
  const steadyFrom = started + (setting.seconds * 1000) / 3;
  loop.disable();
  const cpu = process.cpuUsage(cpuBefore);
  const harness = {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    loopDelayMs: { p50: loop.percentile(50) / 1e6, p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
  };
  const usage = processes.stop();
  const routerFigures = await router.stop();
  const correctness = await checkCorrectness({
    routerUrl: setting.routerUrl,
    catalogUrl: setting.catalogUrl,
    staff: setting.staff,
    shoppers,
    acknowledged,
    stockBefore,
    feed: setting.feed,
  });
  return {
    shoppers: shoppers.length,
    warmUp,
    seconds: setting.seconds,
    lastAnswerSeconds,
    steadyFrom,
    thinkMs: setting.thinkMs,
    cores: availableParallelism(),
    steps,
    tally,
    acknowledgedOrders: acknowledged.length,
    router: routerFigures,
    usage,
    harness,
    correctness,
  };
}
