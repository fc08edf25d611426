import {
  accountDeleted,
  accountRegistered,
  byContract,
  on,
  type AccountDeleted,
  type AccountRegistered,
  type ContractConsumer,
} from '../../../runtime/events/contracts';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import { normaliseEmail } from '../../../runtime/validation';
import type { DeletedAccount, RegisteredAccount } from '../store/account-events.store';

/** Where the events are applied (AccountEventStore on PostgreSQL); true when applied, false when seen before. */
export interface AccountEventSink {
  applyRegistered(eventId: string, type: string, account: RegisteredAccount): Promise<boolean>;
  applyDeleted(eventId: string, type: string, account: DeletedAccount): Promise<boolean>;
}

export type AccountEventOutcome = 'applied' | 'duplicate';

type Apply<P> = (account: P, event: DomainEvent) => Promise<AccountEventOutcome>;

/** How each account event is applied: `applied` the first time, `duplicate` on a redelivery (nothing changes). */
export interface AccountEventHandlers {
  registered: Apply<AccountRegistered>;
  deleted: Apply<AccountDeleted>;
}

export const applyingTo = (store: AccountEventSink): AccountEventHandlers => ({
  registered: async ({ accountId, email }, event) =>
    (await store.applyRegistered(event.id, event.type, { accountId, email: normaliseEmail(email) })) ? 'applied' : 'duplicate',
  deleted: async ({ accountId }, event) => ((await store.applyDeleted(event.id, event.type, { accountId })) ? 'applied' : 'duplicate'),
});

/** The consumer of the auth service's account events. */
export const accountEvents = (handlers: AccountEventHandlers): ContractConsumer<AccountEventOutcome> =>
  byContract(on(accountRegistered, handlers.registered), on(accountDeleted, handlers.deleted));

/**
 * Applies one auth account event to the profiles, idempotently; `ignored` for a type this subgraph does not
 * handle. A malformed event throws MalformedEvent (with the reason).
 */
export const handleAccountEvent = (event: DomainEvent, store: AccountEventSink) => accountEvents(applyingTo(store)).handle(event);
