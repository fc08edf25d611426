import type { TokenRevocations } from '../../runtime/auth/revocations/revocation-list';
import { expiredToken, eventAccess } from './subscription-access';
import { HydrationGroup, type DeliveredCounts } from './hydration-group';
import type { OrderEvent } from './order-event';
import type { OrderFeed } from './order-subscription';
import type { Replay } from './order-replay';
import type { Subscriber } from './subscriber';

/**
 * The router's in-process fan-out of order events: to the subscribers of that order and to the staff feed.
 * Each subscriber is authorized again per event; those sharing a hydration key (same query, variables and
 * principal) form a group with one hydration per event, so a thousand staff tabs cost one gateway query per
 * event, not a thousand, and one serialisation of the result.
 */
export class OrderEventFanout {
  private readonly byOrder = new Map<string, Set<Subscriber>>();
  private readonly everyOrder = new Set<Subscriber>();
  private readonly groups = new Map<string, HydrationGroup>();

  constructor(
    private readonly delivered: (counts: DeliveredCounts) => void = () => {},
    private readonly failed: (error: unknown) => void = () => {},
    /** Checked per event, so a token signed out (or a role lost) after subscribing stops receiving. */
    private readonly revocations?: TokenRevocations,
  ) {}

  add(subscriber: Subscriber): void {
    let group = this.groups.get(subscriber.hydrationKey);
    if (!group) this.groups.set(subscriber.hydrationKey, (group = new HydrationGroup(this.delivered, this.failed)));
    group.members.add(subscriber);
    if (subscriber.feed.kind === 'all') {
      this.everyOrder.add(subscriber);
      return;
    }
    const { orderId } = subscriber.feed;
    let subscribers = this.byOrder.get(orderId);
    if (!subscribers) this.byOrder.set(orderId, (subscribers = new Set()));
    subscribers.add(subscriber);
  }

  /** Takes no more events for this subscriber (those already queued for it are still sent). */
  remove(subscriber: Subscriber): void {
    const group = this.groups.get(subscriber.hydrationKey);
    if (group?.members.delete(subscriber) && group.members.size === 0) this.groups.delete(subscriber.hydrationKey);
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

  /**
   * Starts a resumed subscriber (added with a gate, which held its live events meanwhile): the replayed changes first,
   * then the live ones held meanwhile that the replay did not have, then live as they come, all in that order.
   */
  resume(subscriber: Subscriber, replay: Replay): void {
    const group = this.groups.get(subscriber.hydrationKey);
    if (!group?.members.has(subscriber) || !subscriber.gate) return; // it ended while its replay was read
    group.replay(replay.events, subscriber);
    for (const event of subscriber.gate.open(replay.last)) group.deliver(event, [subscriber]);
    this.rejoinWhenIdle(subscriber, group);
  }

  /**
   * Moves a resumed subscriber into the group of its identical subscribers once its own has sent everything
   * queued (checked at the end of its queue, again and again while events keep coming): from then on each event
   * is hydrated once for all of them. Its events before the move all went out in its own group, those after go
   * out in the shared one, so it still gets them in order.
   */
  private rejoinWhenIdle(subscriber: Subscriber, group: HydrationGroup): void {
    const shared = subscriber.sharedHydrationKey;
    if (shared === undefined || shared === subscriber.hydrationKey) return;
    group.after(() => {
      if (!group.members.has(subscriber)) return; // gone meanwhile
      if (!group.idleAfterThis) return this.rejoinWhenIdle(subscriber, group);
      this.remove(subscriber);
      subscriber.hydrationKey = shared;
      this.add(subscriber);
    });
  }

  /**
   * Queues the event for everyone who may see it, on the feeds named (each kind of feed is fed by a sequencer of
   * its own: the one-order feeds in each order's sequence, the staff feeds in commit order); returns how many
   * hydrations it started.
   */
  publish(event: OrderEvent, now: number = Date.now(), feeds: 'both' | OrderFeed['kind'] = 'both'): number {
    const recipients = new Map<HydrationGroup, Subscriber[]>();
    const consider = (subscriber: Subscriber) => {
      const group = this.groups.get(subscriber.hydrationKey)!;
      const access = eventAccess(subscriber.identity, event, now, this.revocations);
      if (access === 'expired') {
        // No event from now on; the error follows the events already queued for it.
        this.remove(subscriber);
        group.after(() => subscriber.stream.finish({ errors: [expiredToken()] }));
        return;
      }
      if (access === 'denied') return;
      // A resumed subscriber's live events wait for its replay, and those the replay held are not sent twice.
      if (subscriber.gate && subscriber.gate.take(event) !== 'deliver') return;
      const list = recipients.get(group);
      if (list) list.push(subscriber);
      else recipients.set(group, [subscriber]);
    };
    // The one-order fields report changes of an order's status; placing it is news for the staff feeds only.
    if (!event.placed && feeds !== 'all') for (const subscriber of this.byOrder.get(event.orderId) ?? []) consider(subscriber);
    if (feeds !== 'order') for (const subscriber of this.everyOrder) consider(subscriber);
    for (const [group, list] of recipients) group.deliver(event, list);
    return recipients.size;
  }
}
