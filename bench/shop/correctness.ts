import { setTimeout as sleep } from 'node:timers/promises';
import { acknowledgedOrderProblems, stockDiscrepancies, unseenByStaff, type OrderRead, type StockDiscrepancy } from './ledger-checks';
import { readOrders, readStock } from './read-back';
import type { ShopperIdentity } from './shoppers';
import type { AcknowledgedOrder } from './shopper';
import type { StaffFeed } from './staff-feed';

/**
 * How long the checks wait for what was under way at the end to settle (reservations, events, the feed): past the
 * bench's reservation timeout (15 s) and the orders sweeper's next pass.
 */
const SETTLE_MS = 45_000;

export interface Correctness {
  acknowledged: number;
  /** Orders read back through the router, acknowledged or not. */
  readBack: number;
  /** Acknowledged orders not found, or found with other lines. */
  missing: string[];
  otherLines: string[];
  /** Orders placed whose checkout was not acknowledged (the answer lost or late): allowed, and counted in the stock. */
  placedUnacknowledged: number;
  stock: StockDiscrepancy[];
  /** Acknowledged orders the staff feed never showed as placed. */
  unseenByStaff: string[];
  /** Why something could not be read back at all. */
  readFailure?: string;
  passed: boolean;
}

export interface CorrectnessSetting {
  routerUrl: string;
  catalogUrl: string;
  staff: Record<string, string>;
  shoppers: ShopperIdentity[];
  acknowledged: AcknowledgedOrder[];
  stockBefore: Map<string, number>;
  feed: StaffFeed;
}

/**
 * Reads the run back once it has settled: every shopper's orders through the router as their owner, every
 * product's stock from the catalog (until it agrees with the orders, at most SETTLE_MS: a reservation released
 * after a lost answer takes a moment), and the staff feed (until it has shown every acknowledged order).
 */
export async function checkCorrectness(setting: CorrectnessSetting): Promise<Correctness> {
  const deadline = Date.now() + SETTLE_MS;
  let orders = new Map<string, OrderRead>();
  let stock: StockDiscrepancy[] = [];
  let readFailure: string | undefined;
  try {
    await sleep(2_000);
    orders = await readOrders(setting.routerUrl, setting.shoppers);
    for (let reread = false; ;) {
      stock = stockDiscrepancies(setting.stockBefore, [...orders.values()], await readStock(setting.catalogUrl, setting.staff));
      if (stock.length === 0 || Date.now() > deadline) break;
      await sleep(2_000);
      // An order placed after its checkout's answer was lost may have been written after the first read.
      if (!reread && Date.now() > deadline - SETTLE_MS / 2) {
        orders = await readOrders(setting.routerUrl, setting.shoppers);
        reread = true;
      }
    }
  } catch (error) {
    readFailure = error instanceof Error ? error.message : String(error);
  }
  let unseen = unseenByStaff(setting.acknowledged, setting.feed.seen);
  while (unseen.length > 0 && Date.now() < deadline) {
    await sleep(500);
    unseen = unseenByStaff(setting.acknowledged, setting.feed.seen);
  }
  const { missing, otherLines } = acknowledgedOrderProblems(setting.acknowledged, orders);
  const acknowledgedIds = new Set(setting.acknowledged.map((order) => order.id));
  return {
    acknowledged: setting.acknowledged.length,
    readBack: orders.size,
    missing,
    otherLines,
    placedUnacknowledged: [...orders.keys()].filter((id) => !acknowledgedIds.has(id)).length,
    stock,
    unseenByStaff: unseen,
    readFailure,
    passed: !readFailure && missing.length === 0 && otherLines.length === 0 && stock.length === 0 && unseen.length === 0,
  };
}
