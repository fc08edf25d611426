import type { DomainEvent } from '../../../runtime/events/domain-event';
import { isEmail, MAX_ID_LENGTH, normaliseEmail } from '../../../runtime/validation';
import type { DeletedAccount, RegisteredAccount } from '../store/account-events.store';
import { MalformedEvent } from '../../../runtime/events/malformed-event';

/** The routing keys (= event types) the users subgraph consumes. */
export const ACCOUNT_REGISTERED = 'auth.account.registered';
export const ACCOUNT_DELETED = 'auth.account.deleted';
export const ACCOUNT_EVENT_TYPES = [ACCOUNT_REGISTERED, ACCOUNT_DELETED] as const;

/** Where the events are applied (AccountEventStore on PostgreSQL); true when applied, false when seen before. */
export interface AccountEventSink {
  applyRegistered(eventId: string, type: string, account: RegisteredAccount): Promise<boolean>;
  applyDeleted(eventId: string, type: string, account: DeletedAccount): Promise<boolean>;
}


export type AccountEventOutcome = 'applied' | 'duplicate' | 'ignored';

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Applies one auth account event to the profiles, idempotently: `applied` the first time, `duplicate` on a
 * redelivery (nothing changes), `ignored` for a type this subgraph does not handle. A malformed event throws
 * MalformedEvent.
 */
export async function handleAccountEvent(event: DomainEvent, store: AccountEventSink): Promise<AccountEventOutcome> {
  if (!isRecord(event) || typeof event.type !== 'string') throw new MalformedEvent('The event is not an envelope with a type');
  if (!(ACCOUNT_EVENT_TYPES as readonly string[]).includes(event.type)) return 'ignored';
  if (!isId(event.id)) throw new MalformedEvent(`${event.type}: the event id is missing or not valid`);
  const data = isRecord(event.data) ? event.data : {};
  if (!isId(data.accountId)) throw new MalformedEvent(`${event.type} ${event.id}: data.accountId is missing or not valid`);

  if (event.type === ACCOUNT_REGISTERED) {
    const email = typeof data.email === 'string' ? normaliseEmail(data.email) : '';
    if (!isEmail(email)) throw new MalformedEvent(`${event.type} ${event.id}: data.email is missing or not valid`);
    return (await store.applyRegistered(event.id, event.type, { accountId: data.accountId, email })) ? 'applied' : 'duplicate';
  }
  return (await store.applyDeleted(event.id, event.type, { accountId: data.accountId })) ? 'applied' : 'duplicate';
}
