import type { Logger } from '../logger';
import type { DomainEvent } from './domain-event';

/** An event no retry can mend (a field missing or of the wrong type): it is logged and dropped, never redelivered. */
export class MalformedEvent extends Error {}

/**
 * A consumer's handler that logs each outcome (at debug) and drops a MalformedEvent with an error log; any other
 * failure (e.g. a store down) still rejects, so the event is redelivered. `what` names the event in the logs.
 */
export function droppingMalformed(logger: Logger, what: string, handle: (event: DomainEvent) => Promise<unknown>) {
  return async (event: DomainEvent): Promise<void> => {
    try {
      const outcome = await handle(event);
      logger.debug({ eventId: event.id, eventType: event.type, outcome }, `${what} handled`);
    } catch (error) {
      if (!(error instanceof MalformedEvent)) throw error;
      logger.error({ err: error, eventId: event.id, eventType: event.type }, `dropping a malformed ${what}`);
    }
  };
}
