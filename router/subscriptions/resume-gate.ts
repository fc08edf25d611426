import type { OrderEvent } from './order-event';

/**
 * The seam between a resumed subscription's replay and its live events. The subscriber joins the fan-out first,
 * its live events held here; only then is the log read (so every change is in one or the other: committed
 * before the read, it is in the replay; after, it comes live). Once the replay is queued, `open` gives the held
 * events it did not already hold, and from then on events pass, except those at or before the replay's end:
 * a change the replay held may still come live afterwards (it was on its way through the broker).
 *
 * Places are a sequence of the subscriber's order (one-order feeds) or positions in the log of every order (the
 * staff feeds), both in commit order with no gaps, so "at or before the end" means "in the replay". An event
 * with no place to compare (published by an older release) is never dropped.
 */
export class ResumeGate {
  /** Live events held while the replay is read; null once the gate is open. */
  private held: OrderEvent[] | null = [];
  /** Events at or before this place were replayed. */
  private floor: number;

  constructor(
    /** The event's place to compare, undefined when it has none. */
    private readonly placeOf: (event: OrderEvent) => number | undefined,
    /** The place the client resumed after. */
    after: number,
  ) {
    this.floor = after;
  }

  /** What to do with a live event for this subscriber: deliver it now, or not (held for later, or replayed already). */
  take(event: OrderEvent): 'deliver' | 'held' | 'replayed' {
    const place = this.placeOf(event);
    if (place !== undefined && place <= this.floor) return 'replayed';
    if (!this.held) return 'deliver';
    this.held.push(event);
    return 'held';
  }

  /** The replay ended at `last` (the last place it delivered, or the one resumed after): the held events to deliver after it, in their order. */
  open(last: number): OrderEvent[] {
    this.floor = Math.max(this.floor, last);
    const held = this.held ?? [];
    this.held = null;
    return held.filter((event) => {
      const place = this.placeOf(event);
      return place === undefined || place > this.floor;
    });
  }
}
