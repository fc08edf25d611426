import { LRUCache } from 'lru-cache';
import type { OrderEvent } from './order-event';

/** Orders whose next sequence the router remembers (the oldest forgotten first; a forgotten order starts afresh). */
const MAX_ORDERS = 100_000;

/** Where an event goes in sequence: a run of places (one order's, or the log of every order) and its place in it. */
export interface EventPlace {
  run: string;
  place: number;
}

/** The log of every order: events that carry a position are put in its order (which keeps each order's too). */
const ORDER_LOG = '\u0000order-log';

/** In the order's own sequence: what the one-order feeds need (a missing event holds up its order only). */
export const bySequence = (event: OrderEvent): EventPlace => ({ run: event.orderId, place: event.sequence });

/**
 * By position when the event has one (its orders service gives each order event the next place in the log of
 * every order), so the staff feeds go out in the order changes were committed and a cursor names everything
 * before it; by the order's own sequence otherwise (events of older publishers).
 */
export const byPosition = (event: OrderEvent): EventPlace => (event.position === undefined ? bySequence(event) : { run: ORDER_LOG, place: event.position });

interface OrderPosition {
  /** The place the run's next event should have. */
  next: number;
  /** Events that came ahead of one before them, by place. */
  ahead: Map<number, OrderEvent>;
  /** Set while events wait: when it fires, they go on without the missing ones (unref: it never holds the router up). */
  timer?: NodeJS.Timeout;
}

/**
 * Puts order events back in sequence before they are fanned out: each run of places (`bySequence`, `byPosition`)
 * in its order. The outbox keeps order within one relay only (several orders replicas share it, a failed publish is
 * retried later): an event that arrives ahead of one before it waits for it, at most `maxWaitMs`, and then goes
 * on without it (the missing one goes out when it comes; subscribers see its `sequence`). Events without a
 * sequence, and late ones, go out as they come.
 */
export class OrderEventSequencer {
  private readonly orders = new LRUCache<string, OrderPosition>({
    max: MAX_ORDERS,
    // A forgotten order's waiting events go out now rather than never.
    dispose: (position) => this.releaseAll(position),
  });

  constructor(
    private readonly release: (event: OrderEvent) => void,
    private readonly maxWaitMs = 2_000,
    /** Told when a run's events went on without the one(s) missing before them (the run: an order id, or the order log). */
    private readonly gaveUp: (run: string, missing: { from: number; to: number }) => void = () => {},
    /** Where an event goes in sequence. */
    private readonly placeOf: (event: OrderEvent) => EventPlace = bySequence,
  ) {}

  accept(event: OrderEvent): void {
    const { run, place } = this.placeOf(event);
    if (place <= 0) return this.release(event);
    let position = this.orders.get(run);
    // The first event the router sees of a run starts it: those before went out before this router started.
    if (!position) this.orders.set(run, (position = { next: place, ahead: new Map() }));
    if (place < position.next) return this.release(event);
    position.ahead.set(place, event);
    this.releaseInSequence(position);
    if (position.ahead.size > 0 && !position.timer) position.timer = setTimeout(() => this.skipGap(run), this.maxWaitMs).unref();
  }

  /** Events still waiting (for the metrics and tests). */
  get waiting(): number {
    let count = 0;
    for (const position of this.orders.values()) count += position.ahead.size;
    return count;
  }

  private releaseInSequence(position: OrderPosition): void {
    for (let event = position.ahead.get(position.next); event; event = position.ahead.get(position.next)) {
      position.ahead.delete(position.next);
      position.next += 1;
      this.release(event);
    }
    if (position.ahead.size === 0 && position.timer) {
      clearTimeout(position.timer);
      position.timer = undefined;
    }
  }

  private skipGap(run: string): void {
    const position = this.orders.get(run);
    if (!position) return;
    position.timer = undefined;
    if (position.ahead.size === 0) return;
    const first = Math.min(...position.ahead.keys());
    this.gaveUp(run, { from: position.next, to: first - 1 });
    position.next = first;
    this.releaseInSequence(position);
    if (position.ahead.size > 0) position.timer = setTimeout(() => this.skipGap(run), this.maxWaitMs).unref();
  }

  private releaseAll(position: OrderPosition): void {
    if (position.timer) clearTimeout(position.timer);
    position.timer = undefined;
    const events = [...position.ahead.entries()].sort(([a], [b]) => a - b).map(([, event]) => event);
    position.ahead.clear();
    for (const event of events) this.release(event);
  }
}
