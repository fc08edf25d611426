import { randomUUID } from 'node:crypto';

/**
 * What every service publishes and consumes on the `flores.events` exchange: `id` is the idempotency key
 * (consumers record it), `type` is also the routing key (e.g. `auth.account.registered`).
 */
export interface DomainEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** The durable topic exchange all domain events go through. */
export const EVENTS_EXCHANGE = 'flores.events';

// Lower-case dotted words: what topic bindings like `auth.account.*` can match.
const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export function assertEventType(type: string): void {
  if (!EVENT_TYPE.test(type)) throw new Error(`"${type}" is not a valid event type (dotted lower-case words)`);
}

/** A new event of `type`; services make theirs through their contract (contracts/event-contract.ts: `eventOf`). */
export function newDomainEvent(type: string, data: Record<string, unknown>, occurredAt: Date = new Date()): DomainEvent {
  assertEventType(type);
  return { id: randomUUID(), type, occurredAt: occurredAt.toISOString(), data };
}

/** Reads an envelope off the wire; null when the message is not one (it is then dead-lettered, not retried). */
export function parseDomainEvent(content: Buffer): DomainEvent | null {
  try {
    const value = JSON.parse(content.toString('utf8')) as Partial<DomainEvent>;
    const valid =
      typeof value.id === 'string' &&
      typeof value.type === 'string' &&
      typeof value.occurredAt === 'string' &&
      typeof value.data === 'object' &&
      value.data !== null &&
      !Array.isArray(value.data);
    return valid ? (value as DomainEvent) : null;
  } catch {
    return null;
  }
}
