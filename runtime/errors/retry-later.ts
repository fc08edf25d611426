import { DomainError } from './domain-error';
import { ERROR_CODES } from './codes';

/**
 * A wait in milliseconds as clients are told it: whole seconds, rounded up and at least one, so that a client
 * that waits as long is let in (the one rounding of every "try again in" the services give).
 */
export const retryAfterSeconds = (waitMs: number): number => Math.max(1, Math.ceil(waitMs / 1000));

export interface TooManyAttempts {
  /** What is refused, for the message: "Too many failed sign-ins", "Too many queries at once: …". */
  what: string;
  /** How long until the caller may try again; the longest wait when several limits refuse. */
  waitMs: number;
  /** The router's limit (operations a minute), when the refusal is the router's. */
  limit?: number;
}

/**
 * TOO_MANY_ATTEMPTS: refused for now; `retryAfterSeconds` says when to try again. The router's refusals (with
 * its `limit`) are HTTP 429 at once; a subgraph's stays in a 200 answer, since the gateway would take a 4xx for a
 * failed call (the router gives it its 429 then: router/refusal-status.ts).
 */
export function tooManyAttempts({ what, waitMs, limit }: TooManyAttempts): DomainError<'TOO_MANY_ATTEMPTS'> {
  const seconds = retryAfterSeconds(waitMs);
  const message = `${what}; try again in ${seconds} seconds`;
  if (limit === undefined) return new DomainError('TOO_MANY_ATTEMPTS', message, { retryAfterSeconds: seconds });
  return new DomainError('TOO_MANY_ATTEMPTS', message, { retryAfterSeconds: seconds, limit, http: { status: ERROR_CODES.TOO_MANY_ATTEMPTS.status } });
}

/** The wait of a call shed for load: one second, enough for the work in flight to finish. */
const SHED_RETRY_SECONDS = 1;

/** ROUTER_BUSY: the router runs as many operations as it admits; nothing ran. */
export const routerBusy = () => new DomainError('ROUTER_BUSY', 'The shop is very busy right now; try again shortly', { retryAfterSeconds: SHED_RETRY_SECONDS });

/** SUBGRAPH_BUSY: the router shed a call because the subgraph is busy: nothing was sent. */
export const subgraphBusy = (subgraph: string) =>
  new DomainError('SUBGRAPH_BUSY', `Subgraph "${subgraph}" is busy; try again shortly`, { serviceName: subgraph, retryAfterSeconds: SHED_RETRY_SECONDS });
