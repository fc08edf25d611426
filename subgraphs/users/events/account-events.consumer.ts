import { announceAfter } from '../../../runtime/events/announce-after';
import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { profileChanged } from '../../../runtime/events/contracts';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import type { EventPublisher } from '../../../runtime/events/publisher';
import type { AccountEventStore } from '../store/account-events.store';
import { accountEvents, applyingTo, type AccountEventOutcome } from './account-events';

export const ACCOUNT_EVENTS_QUEUE = 'users.account-events';

/**
 * Consumes the auth service's account events into profiles. A malformed event is dead-lettered (retrying cannot
 * fix it); any other failure (e.g. PostgreSQL down) rejects, so the event is redelivered. Each handled event is
 * announced as `users.profile.changed`, also a duplicate (the first handling may have ended before its
 * announcement was confirmed): answers cached before the change must not outlive it.
 */
export function startAccountEventsConsumer(context: ConsumerContext, store: AccountEventStore, publisher: EventPublisher): Promise<RunningConsumer> {
  const apply = applyingTo(store);
  const announced = <P extends { accountId: string }>(handle: (account: P, event: DomainEvent) => Promise<AccountEventOutcome>) =>
    announceAfter(publisher, profileChanged, handle, (_outcome, { accountId }, event) => ({ accountId, cause: event.type }));
  return startConsumer({
    ...context,
    queue: ACCOUNT_EVENTS_QUEUE,
    ...accountEvents({ registered: announced(apply.registered), deleted: announced(apply.deleted) }),
  });
}
