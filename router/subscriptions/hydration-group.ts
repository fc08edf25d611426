import { refusedAsAWhole } from './event-payload';
import type { HydratedOrder } from './gateway-queries';
import type { OrderEvent } from './order-event';
import type { OrderSubscriptionField } from './order-subscription';
import type { Subscriber } from './subscriber';

/** Hydrations a replay runs ahead of the change it sends (each order of a replay is read once). */
const REPLAY_READ_AHEAD = 8;

/** Results sent by one delivery, by subscription field (for the delivered counter). */
export type DeliveredCounts = Partial<Record<OrderSubscriptionField, number>>;

/**
 * The subscribers of one hydration key (same selection, variables and principal). Each event is hydrated once for
 * all of them, serialised once per response key, and written to each as a prepared frame. Deliveries happen in
 * event order: a later event whose hydration finishes first waits for the ones before it, so each subscriber
 * sees its events in the order they came (one promise chain per group, not one per subscriber).
 */
export class HydrationGroup {
  readonly members = new Set<Subscriber>();
  private tail: Promise<void> = Promise.resolve();
  /** Steps queued and not finished, the running one included. */
  private queued = 0;

  constructor(
    private readonly delivered: (counts: DeliveredCounts) => void,
    /** A step that threw (a bug): reported, and the steps after it still run. */
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Starts hydrating the event's order now (as the first recipient) and delivers it to `recipients` after the events before it. */
  deliver(event: OrderEvent, recipients: Subscriber[]): void {
    const hydration = recipients[0].hydrate(event.orderId);
    this.after(async () => this.send(event, await hydration, recipients));
  }

  /**
   * Delivers a resumed subscriber's replayed changes, in their order, before anything queued after. Each order is
   * read once for the whole replay, as it is now (a replay of many changes reads a few orders ahead, not all at once).
   */
  replay(events: readonly OrderEvent[], recipient: Subscriber): void {
    const hydrations = new Map<string, Promise<HydratedOrder>>();
    const hydrated = (orderId: string) => {
      let hydration = hydrations.get(orderId);
      if (!hydration) hydrations.set(orderId, (hydration = recipient.hydrate(orderId)));
      return hydration;
    };
    for (const event of events.slice(0, REPLAY_READ_AHEAD)) void hydrated(event.orderId);
    events.forEach((event, index) =>
      this.after(async () => {
        for (const ahead of events.slice(index + 1, index + 1 + REPLAY_READ_AHEAD)) void hydrated(ahead.orderId);
        this.send(event, await hydrated(event.orderId), [recipient]);
      }),
    );
  }

  /** Runs `step` once everything queued before it is delivered (ending a subscriber after its last events, say). */
  after(step: () => void | Promise<void>): void {
    this.queued += 1;
    this.tail = this.tail
      .then(step)
      .catch(this.failed)
      .finally(() => {
        this.queued -= 1;
      });
  }

  /** Whether nothing is queued behind the step running now (called from a step: all before it went out). */
  get idleAfterThis(): boolean {
    return this.queued === 1;
  }

  /** Sent whatever could be hydrated (errors say what could not), unless the gateway refused the order to this principal. */
  private send(event: OrderEvent, hydrated: HydratedOrder, recipients: Subscriber[]): void {
    if (refusedAsAWhole(hydrated)) return;
    const payloads = new Map<string, string>();
    const counts: DeliveredCounts = {};
    for (const recipient of recipients) {
      if (!recipient.stream.open) continue;
      let payload = payloads.get(recipient.responseKey);
      if (payload === undefined) payloads.set(recipient.responseKey, (payload = recipient.payload(event, hydrated)));
      if (recipient.send(payload)) counts[recipient.field] = (counts[recipient.field] ?? 0) + 1;
    }
    this.delivered(counts);
  }
}
