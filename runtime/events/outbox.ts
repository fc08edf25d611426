import { eventOf, type EventContract, type PayloadInput } from './contracts/event-contract';
import { newDomainEvent, type DomainEvent } from './domain-event';

/** What an event's data may hold: it is stored as JSON and sent as JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface OutboxRow {
  id: string;
  type: string;
  payload: JsonObject;
  occurredAt: Date;
}

/** The outbox row of an event. */
export function outboxRowOf(event: DomainEvent): OutboxRow {
  return { id: event.id, type: event.type, payload: event.data as JsonObject, occurredAt: new Date(event.occurredAt) };
}

/** The row of a new event of `type` (tests and tools; services record events through their contracts with `recordEvent`). */
export function outboxRow(type: string, data: JsonObject): OutboxRow {
  return outboxRowOf(newDomainEvent(type, data));
}

/** A Prisma service's `outbox_events` table (`tx.outboxEvent`). */
export interface OutboxTable {
  create(args: { data: OutboxRow }): PromiseLike<unknown>;
}

/**
 * Writes an event of `contract` with `tx.outboxEvent` inside the transaction of the change itself: the event
 * exists exactly when the change was committed.
 */
export async function recordEvent<C extends EventContract>(outbox: OutboxTable, contract: C, payload: PayloadInput<C>): Promise<void> {
  await outbox.create({ data: outboxRowOf(eventOf(contract, payload)) });
}

export interface RelayedBatch {
  published: number;
  failed: number;
}

/** Where the relay takes unpublished events from; one implementation per kind of store. */
export interface OutboxSource {
  /**
   * Hands up to `limit` unpublished events, oldest first, to `publish`, holding them so that no other relay
   * takes them meanwhile; marks those published and counts an attempt on the others.
   */
  relayBatch(limit: number, publish: (event: DomainEvent) => Promise<void>): Promise<RelayedBatch>;
  /** How many events wait to be published (for the `events_outbox_backlog` gauge). */
  backlog(): Promise<number>;
  /**
   * Deletes up to `limit` events published before `cutoff`, oldest first; never an unpublished one. Absent where
   * published events are not kept (the reviews' rating outbox deletes each marker once it is published).
   */
  prune?(cutoff: Date, limit: number): Promise<number>;
}
