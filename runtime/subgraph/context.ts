import type { Identity } from '../auth/identity';
import type { CacheTags } from '../graphql/cache-tags';
import type { Logger } from '../logger';
import type { AnswerCachePolicy } from './cache-policy';

/** What every subgraph resolver receives: who asked, how to log, and this subgraph's providers and loaders. */
export interface SubgraphContext<TProviders, TLoaders> {
  requestId: string;
  logger: Logger;
  /** The caller, from a verified access token; null when anonymous. Never taken from any other header. */
  identity: Identity | null;
  /**
   * The verified caller's Authorization header, only for calling another subgraph on the caller's behalf
   * (which verifies it itself); never read for identity. Undefined for anonymous callers.
   */
  callerAuthorization?: string;
  /**
   * The service calling as itself (see auth/service-caller.ts), verified with INTERNAL_SECRET; null for
   * everyone else. Only service-only fields (rule `isService`) look at it.
   */
  callerService: string | null;
  /** The caller's address as the router vouched for it (else the connecting peer's), for per-address limits. */
  clientAddress: string;
  /**
   * When the caller stops waiting for this answer (performance.now()), as its `x-expected-timeout-ms` said
   * (answer-deadline.ts); undefined when it did not say. A write checks it before its point of no return.
   */
  answerBy?: number;
  /**
   * What the subgraph made once at start and every request shares: its stores, its services (checkout, the read
   * model), its clients of peer subgraphs and its token issuers. Per-request state lives in `loaders`.
   */
  providers: TProviders;
  /** Per-request DataLoaders, so batching never mixes two callers' requests. */
  loaders: TLoaders;
  /** What this request's answer depends on and what it changed, for the router's cache (see graphql/cache-tags.ts). */
  cacheTags: CacheTags;
  /**
   * How cacheable the answer is beyond the schema's `@cacheControl` hints: a resolver whose answer is the
   * caller's own calls `cachePolicy.restrict({ scope: 'PRIVATE' })` (see subgraph/cache-policy.ts).
   */
  cachePolicy: AnswerCachePolicy;
}
