/** Where a page of a sorted listing ended: the last product's sort key and id (see store/product-cursor.ts). */
export interface OrderPosition {
  key: number | string;
  id: string;
}

/**
 * The slots of all products in one listing order, kept sorted as products come and change: the order is by
 * key in `direction`, ties broken by id in the same direction, as the store sorted `{ key: d, _id: d }` (ids
 * are ObjectId hex strings of one length, so string order is the ObjectId order).
 */
export class SortOrder {
  readonly slots: number[] = [];

  constructor(
    private readonly keyOf: (slot: number) => number | string,
    private readonly idOf: (slot: number) => string,
    private readonly direction: 1 | -1,
  ) {}

  /** Negative when `slot` comes before the position in this order, positive after, 0 at it. */
  compare(slot: number, key: number | string, id: string): number {
    const own = this.keyOf(slot);
    if (own !== key) return own < key ? -this.direction : this.direction;
    const ownId = this.idOf(slot);
    return ownId === id ? 0 : ownId < id ? -this.direction : this.direction;
  }

  /** The first index whose product comes after the position (the length when none does). */
  firstAfter(key: number | string, id: string): number {
    return this.search((slot) => this.compare(slot, key, id) > 0);
  }

  /** The first index whose product comes at or after the position. */
  firstAtOrAfter(key: number | string, id: string): number {
    return this.search((slot) => this.compare(slot, key, id) >= 0);
  }

  insert(slot: number): void {
    this.slots.splice(this.firstAfter(this.keyOf(slot), this.idOf(slot)), 0, slot);
  }

  /** Takes the slot out; call it before its key changes (it is found by its current key). */
  remove(slot: number): void {
    const index = this.firstAtOrAfter(this.keyOf(slot), this.idOf(slot));
    if (this.slots[index] !== slot) throw new Error(`slot ${slot} is not where its key puts it`);
    this.slots.splice(index, 1);
  }

  /** Binary search: the first index where `after` holds (it holds for every index past it). */
  private search(after: (slot: number) => boolean): number {
    let low = 0;
    let high = this.slots.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (after(this.slots[middle])) high = middle;
      else low = middle + 1;
    }
    return low;
  }
}
