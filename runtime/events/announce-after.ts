import { eventOf, type EventContract, type PayloadInput } from './contracts/event-contract';
import type { DomainEvent } from './domain-event';
import type { EventPublisher } from './publisher';

/**
 * Wraps an idempotent handler (of a payload, see contracts/by-contract.ts) so that, once it has done its work,
 * an event of `contract` announcing the result is published (e.g. "stock released" after "order cancelled"). A
 * failed publish fails the handling, so the incoming event is redelivered, handled again (changing nothing) and
 * announced again: the announcement is sent at least once without an outbox. An announcement of null means
 * nothing to announce.
 */
export function announceAfter<P, T, C extends EventContract>(
  publisher: EventPublisher,
  contract: C,
  handle: (payload: P, event: DomainEvent) => Promise<T>,
  announcement: (result: T, payload: P, event: DomainEvent) => PayloadInput<C> | null,
): (payload: P, event: DomainEvent) => Promise<T> {
  return async (payload, event) => {
    const result = await handle(payload, event);
    const data = announcement(result, payload, event);
    if (data) await publisher.publish(eventOf(contract, data));
    return result;
  };
}
