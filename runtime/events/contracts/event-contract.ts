import type { z } from 'zod';
import { assertEventType, newDomainEvent, type DomainEvent } from '../domain-event';
import { MalformedEvent } from '../malformed-event';

/**
 * One routing key on `flores.events` and what its events carry: the one definition its producer and every
 * consumer import. `version` names the payload's shape: adding an optional field keeps it; a change that an
 * existing consumer would refuse gets a new contract (a new routing key, version + 1), published beside the
 * old one until every consumer has moved.
 */
export interface EventContract<Type extends string = string, Payload extends z.ZodType = z.ZodType> {
  readonly type: Type;
  readonly version: number;
  readonly payload: Payload;
}

/** What a consumer receives once the payload passed the contract. */
export type PayloadOf<C extends EventContract> = z.output<C['payload']>;
/** What a producer must hand over. */
export type PayloadInput<C extends EventContract> = z.input<C['payload']>;

export function eventContract<Type extends string, Payload extends z.ZodType>(type: Type, version: number, payload: Payload): EventContract<Type, Payload> {
  assertEventType(type);
  if (!Number.isSafeInteger(version) || version < 1) throw new Error(`${type}: the version must be a positive integer`);
  return { type, version, payload };
}

/**
 * A new event of `contract`, its payload typed by it (not parsed: the producer's own types vouch for it, and
 * a consumer parses anyway). `id` and `occurredAt` for producers that derive them (the reviews' rating outbox).
 */
export function eventOf<C extends EventContract>(contract: C, payload: PayloadInput<C>, options: { id?: string; occurredAt?: Date } = {}): DomainEvent {
  const event = newDomainEvent(contract.type, payload as Record<string, unknown>, options.occurredAt);
  return options.id === undefined ? event : { ...event, id: options.id };
}

/** The event's payload as `contract` defines it; MalformedEvent naming each field that is wrong otherwise. */
export function readPayload<C extends EventContract>(contract: C, event: DomainEvent): PayloadOf<C> {
  const parsed = contract.payload.safeParse(event.data);
  if (parsed.success) return parsed.data as PayloadOf<C>;
  throw new MalformedEvent(`${event.type} v${contract.version} ${event.id}: ${issuesOf(parsed.error)}`);
}

/** `data.lines.0.productId: Invalid input: expected string, received undefined; data.email: ...` */
function issuesOf(error: z.ZodError): string {
  return error.issues.map((issue) => `${['data', ...issue.path.map(String)].join('.')}: ${issue.message}`).join('; ');
}
