import { newDomainEvent, type DomainEvent } from './domain-event';
import type { JsonObject } from './outbox';
import type { EventPublisher } from './publisher';

/**
 * Wraps an idempotent event handler so that, once it has done its work, an event announcing the result is
 * published (e.g. "stock released" after "order cancelled"). A failed publish fails the handling, so the
 * incoming event is redelivered, handled again (changing nothing) and announced again: the announcement is
 * sent at least once without an outbox. Handlers that return null have nothing to announce.
 */
export function announceAfter<T>(
  publisher: EventPublisher,
  type: string,
  handle: (event: DomainEvent) => Promise<T>,
  announcement: (event: DomainEvent, result: T) => JsonObject | null,
): (event: DomainEvent) => Promise<T> {
  return async (event) => {
    const result = await handle(event);
    const data = announcement(event, result);
    if (data) await publisher.publish(newDomainEvent(type, data));
    return result;
  };
}
