// The checks after a run, on figures already read: stock conserved, acknowledged orders present with their lines,
// the staff feed complete.
import type { AcknowledgedOrder } from './shopper';

export interface OrderRead {
  id: string;
  status: string;
  lines: Array<{ productId: string; quantity: number }>;
}

export interface StockDiscrepancy {
  productId: string;
  before: number;
  /** Units in orders placed and not cancelled. */
  ordered: number;
  now: number;
}

/**
 * Products whose stock now is not their stock before the run minus what the run's orders (those not cancelled)
 * hold: a unit sold twice, a reservation leaked or given back twice.
 */
export function stockDiscrepancies(before: Map<string, number>, orders: OrderRead[], now: Map<string, number>): StockDiscrepancy[] {
  const ordered = new Map<string, number>();
  for (const order of orders) {
    if (order.status === 'CANCELLED') continue;
    for (const line of order.lines) ordered.set(line.productId, (ordered.get(line.productId) ?? 0) + line.quantity);
  }
  const products = new Set([...before.keys(), ...ordered.keys()]);
  return [...products].flatMap((productId) => {
    const was = before.get(productId) ?? NaN;
    const units = ordered.get(productId) ?? 0;
    const is = now.get(productId) ?? NaN;
    return was - units === is ? [] : [{ productId, before: was, ordered: units, now: is }];
  });
}

const sameLines = (a: OrderRead['lines'], b: OrderRead['lines']) => {
  const key = (lines: OrderRead['lines']) => JSON.stringify([...lines].map((line) => [line.productId, line.quantity]).sort());
  return key(a) === key(b);
};

/** Acknowledged orders that cannot be read back, and those read back with other lines than acknowledged. */
export function acknowledgedOrderProblems(acknowledged: AcknowledgedOrder[], readBack: Map<string, OrderRead>): { missing: string[]; otherLines: string[] } {
  const missing = acknowledged.filter((order) => !readBack.has(order.id)).map((order) => order.id);
  const otherLines = acknowledged.filter((order) => readBack.has(order.id) && !sameLines(order.lines, readBack.get(order.id)!.lines)).map((order) => order.id);
  return { missing, otherLines };
}

/** Acknowledged orders the staff feed never showed as placed (PENDING). */
export const unseenByStaff = (acknowledged: AcknowledgedOrder[], seen: Map<string, Set<string>>) =>
  acknowledged.filter((order) => !seen.get(order.id)?.has('PENDING')).map((order) => order.id);
