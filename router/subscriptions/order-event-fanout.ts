import type { ExecutionResult } from 'graphql';
import { expiredToken, eventAccess } from './subscription-access';
import type { OrderEvent } from './order-event';
import type { Subscriber } from './subscriber';

/**
 * The router's in-process fan-out of order events: to the subscribers of that order and to the staff feed.
 * Each subscriber is authorized again per event; those sharing a hydration key (same query, variables and
 * principal) share one hydration, so a thousand staff tabs cost one gateway query per event, not a thousand.
 */
export class OrderEventFanout {
  private readonly byOrder = new Map<string, Set<Subscriber>>();
  private readonly everyOrder = new Set<Subscriber>();

  add(subscriber: Subscriber): void {
    if (subscriber.feed.kind === 'all') {
      this.everyOrder.add(subscriber);
      return;
    }
    const { orderId } = subscriber.feed;
    let subscribers = this.byOrder.get(orderId);
    if (!subscribers) this.byOrder.set(orderId, (subscribers = new Set()));
    subscribers.add(subscriber);
  }

  remove(subscriber: Subscriber): void {
    if (subscriber.feed.kind === 'all') {
      this.everyOrder.delete(subscriber);
      return;
    }
    const subscribers = this.byOrder.get(subscriber.feed.orderId);
    subscribers?.delete(subscriber);
    if (subscribers?.size === 0) this.byOrder.delete(subscriber.feed.orderId);
  }

  get size(): number {
    let total = this.everyOrder.size;
    for (const subscribers of this.byOrder.values()) total += subscribers.size;
    return total;
  }

  /** Queues the event for everyone who may see it; returns how many hydrations it started. */
  publish(event: OrderEvent, now: number = Date.now()): number {
    const hydrations = new Map<string, Promise<ExecutionResult | null>>();
    // `orderStatusChanged` reports changes of an order's status; placing it is news for the staff feed only.
    const ofThisOrder = event.placed ? [] : (this.byOrder.get(event.orderId) ?? []);
    for (const subscriber of [...ofThisOrder, ...this.everyOrder]) {
      const access = eventAccess(subscriber.identity, event, now);
      if (access === 'expired') {
        subscriber.queue.finish({ errors: [expiredToken()] });
        continue;
      }
      if (access === 'denied') continue;
      let hydration = hydrations.get(subscriber.hydrationKey);
      if (!hydration) {
        hydration = subscriber.hydrate(event.orderId);
        hydrations.set(subscriber.hydrationKey, hydration);
      }
      subscriber.queue.push(hydration);
    }
    return hydrations.size;
  }
}
