import type { DomainEvent } from '../domain-event';
import { MalformedEvent } from '../malformed-event';
import { entityId, isoTime } from './fields';
import { readPayload, type EventContract, type PayloadOf } from './event-contract';

/** A handler of the events of one contract (or of several that share what it reads), given the parsed payload. */
export interface ContractHandler<R> {
  readonly contracts: readonly EventContract[];
  handle(event: DomainEvent, contract: EventContract): Promise<R>;
}

export function on<C extends EventContract, R>(
  contracts: C | readonly C[],
  handle: (payload: PayloadOf<C>, event: DomainEvent) => Promise<R>,
): ContractHandler<R> {
  return {
    contracts: Array.isArray(contracts) ? contracts : [contracts as C],
    handle: (event, contract) => handle(readPayload(contract as C, event), event),
  };
}

/** What a consumer spreads into `startConsumer`: the bindings of its contracts and a handler that checks each event against its own. */
export interface ContractConsumer<R> {
  bindings: string[];
  /** `ignored` for a type none of the contracts has; MalformedEvent (with the reason) for an event that does not match its contract. */
  handle(event: DomainEvent): Promise<R | 'ignored'>;
}

/** Binds a consumer by its contracts: each event is checked against its type's contract before its handler sees it. */
export function byContract<R>(...handlers: ContractHandler<R>[]): ContractConsumer<R> {
  const byType = new Map<string, { contract: EventContract; handler: ContractHandler<R> }>();
  for (const handler of handlers) {
    for (const contract of handler.contracts) {
      if (byType.has(contract.type)) throw new Error(`${contract.type} is handled twice`);
      byType.set(contract.type, { contract, handler });
    }
  }
  return {
    bindings: [...byType.keys()],
    async handle(event) {
      if (typeof event !== 'object' || event === null || typeof event.type !== 'string') throw new MalformedEvent('The event is not an envelope with a type');
      const found = byType.get(event.type);
      if (!found) return 'ignored';
      // The id is the consumers' idempotency key, and the time orders what they apply.
      if (!entityId.safeParse(event.id).success) throw new MalformedEvent(`${event.type}: the event id is missing or not valid`);
      if (!isoTime.safeParse(event.occurredAt).success) throw new MalformedEvent(`${event.type} ${event.id}: occurredAt is not a time`);
      return found.handler.handle(event, found.contract);
    },
  };
}
