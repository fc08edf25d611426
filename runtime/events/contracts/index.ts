// Every routing key on `flores.events` with the payload its events carry and its version, one file per
// producing service. Producers build events with `eventOf` (or `recordEvent`, outbox.ts); consumers bind with
// `byContract(on(contract, handler))` and get the parsed payload.
export * from './event-contract';
export * from './by-contract';
export * from './auth';
export * from './catalog';
export * from './contact';
export * from './orders';
export * from './reviews';
export * from './users';
