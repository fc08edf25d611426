/**
 * The loopback address shopper `index` sends from: 127.0.1.1, 127.0.1.2, … 127.0.1.250, 127.0.2.1, … (Linux
 * routes all of 127.0.0.0/8 to loopback, so any of them can be bound). 127.0.0.1, the harness's own address
 * (seeding, read-backs, the staff feed), is never one of them, and no part is 0 or 255.
 */
export function shopperAddress(index: number): string {
  if (!Number.isInteger(index) || index < 0 || index >= 250 * 250) throw new RangeError(`no loopback address for shopper ${index}`);
  return `127.0.${1 + Math.floor(index / 250)}.${1 + (index % 250)}`;
}
