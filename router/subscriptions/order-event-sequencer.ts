import { LRUCache } from 'lru-cache';
import type { OrderEvent } from './order-event';

/** Orders whose next sequence the router remembers (the oldest forgotten first; a forgotten order starts afresh). */
const MAX_ORDERS = 100_000;

interface OrderPosition {
  /** The sequence the order's next event should have. */
  next: number;
  /** Events that came ahead of one before them, by sequence. */
  ahead: Map<number, OrderEvent>;
  /** Set while events wait: when it fires, they go on without the missing ones (unref: it never holds the router up). */
  timer?: NodeJS.Timeout;
}

/**
 * Puts each order's events back in sequence before they are fanned out. The outbox keeps order within one relay
 * only (several orders replicas share it, a failed publish is retried later): an event that arrives ahead of one
 * before it waits for it, at most `maxWaitMs`, and then goes on without it (the missing one goes out when it
 * comes; subscribers see its `sequence`). Events without a sequence, and late ones, go out as they come.
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
    /** Told when an order's events went on without the one(s) missing before them. */
    private readonly gaveUp: (orderId: string, missing: { from: number; to: number }) => void = () => {},
  ) {}

  accept(event: OrderEvent): void {
    if (event.sequence <= 0) return this.release(event);
    let position = this.orders.get(event.orderId);
    // The first event the router sees of an order starts it: those before went out before this router started.
    if (!position) this.orders.set(event.orderId, (position = { next: event.sequence, ahead: new Map() }));
    if (event.sequence < position.next) return this.release(event);
    position.ahead.set(event.sequence, event);
    this.releaseInSequence(position);
    if (position.ahead.size > 0 && !position.timer) position.timer = setTimeout(() => this.skipGap(event.orderId), this.maxWaitMs).unref();
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

  private skipGap(orderId: string): void {
    const position = this.orders.get(orderId);
    if (!position) return;
    position.timer = undefined;
    if (position.ahead.size === 0) return;
    const first = Math.min(...position.ahead.keys());
    this.gaveUp(orderId, { from: position.next, to: first - 1 });
    position.next = first;
    this.releaseInSequence(position);
    if (position.ahead.size > 0) position.timer = setTimeout(() => this.skipGap(orderId), this.maxWaitMs).unref();
  }

  private releaseAll(position: OrderPosition): void {
    if (position.timer) clearTimeout(position.timer);
    position.timer = undefined;
    const events = [...position.ahead.values()].sort((a, b) => a.sequence - b.sequence);
    position.ahead.clear();
    for (const event of events) this.release(event);
  }
}
