import { startConsumer, type RunningConsumer } from '../../../runtime/events/consumer';
import type { Registry } from 'prom-client';
import type { Logger } from '../../../runtime/logger';
import type { AccountEventStore } from '../store/account-events.store';
import { ACCOUNT_EVENT_TYPES, handleAccountEvent, MalformedEventError } from './account-events';

export const ACCOUNT_EVENTS_QUEUE = 'users.account-events';

/**
 * Consumes the auth service's account events into profiles. A malformed event is logged and dropped
 * (retrying cannot fix it); any other failure (e.g. PostgreSQL down) rejects, so the event is redelivered.
 */
export function startAccountEventsConsumer(url: string, store: AccountEventStore, logger: Logger, registry?: Registry): Promise<RunningConsumer> {
  return startConsumer({
    url,
    queue: ACCOUNT_EVENTS_QUEUE,
    bindings: [...ACCOUNT_EVENT_TYPES],
    logger,
    registry,
    handle: async (event) => {
      try {
        const outcome = await handleAccountEvent(event, store);
        logger.debug({ eventId: event.id, eventType: event.type, outcome }, 'account event handled');
      } catch (error) {
        if (!(error instanceof MalformedEventError)) throw error;
        logger.error({ err: error, eventId: event.id, eventType: event.type }, 'dropping a malformed account event');
      }
    },
  });
}
