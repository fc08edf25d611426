import { announceAfter } from '../../../runtime/events/announce-after';
import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { droppingMalformed } from '../../../runtime/events/malformed-event';
import type { EventPublisher } from '../../../runtime/events/publisher';
import type { AccountEventStore } from '../store/account-events.store';
import { ACCOUNT_EVENT_TYPES, handleAccountEvent, type AccountEventOutcome } from './account-events';

export const ACCOUNT_EVENTS_QUEUE = 'users.account-events';

/** Announced once a profile was created or anonymised from an account event (the router's cache drops users' answers). */
export const PROFILE_CHANGED = 'users.profile.changed';

/**
 * Consumes the auth service's account events into profiles. A malformed event is logged and dropped
 * (retrying cannot fix it); any other failure (e.g. PostgreSQL down) rejects, so the event is redelivered.
 * Each handled event is announced as `users.profile.changed`, also a duplicate (the first handling may have
 * ended before its announcement was confirmed): answers cached before the change must not outlive it.
 */
export function startAccountEventsConsumer(context: ConsumerContext, store: AccountEventStore, publisher: EventPublisher): Promise<RunningConsumer> {
  const handleAndAnnounce = announceAfter(
    publisher,
    PROFILE_CHANGED,
    (event) => handleAccountEvent(event, store),
    (event, outcome: AccountEventOutcome) => (outcome === 'ignored' ? null : { accountId: String(event.data.accountId), cause: event.type }),
  );
  return startConsumer({
    ...context,
    queue: ACCOUNT_EVENTS_QUEUE,
    bindings: [...ACCOUNT_EVENT_TYPES],
    handle: droppingMalformed(context.logger, 'account event', handleAndAnnounce),
  });
}
