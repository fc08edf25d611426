import type { Identity } from '../runtime/auth/identity';
import type { Logger } from '../runtime/logger';
import type { RequestCache } from './cache/request-cache';

export interface RouterContext {
  requestId: string;
  logger: Logger;
  /** The caller's Authorization header, already verified; forwarded so each subgraph verifies it too. */
  authorization?: string;
  identity: Identity | null;
  clientAddress: string;
  /**
   * performance.now() when the router took the request (for its own operations: when it started them).
   * Subgraph calls of this request share only calls sent after it (see resilience/in-flight.ts).
   */
  arrivedAt: number;
  /** What the caches learn while the request runs (absent for the router's own operations: never cached). */
  cache?: RequestCache;
  /** The caller's query budget as the cache fast path left it: spent already, or refused. */
  rateLimit?: { spent: true } | { refusal: unknown };
  /** The request's operations were counted against the caller's budget before the pipeline (router/protection/upfront-budget.ts). */
  paidUpFront?: boolean;
  /** The slot the admission gave this query at the edge, before the pipeline (router/protection/operation-admission.ts): its release. */
  admittedAtEdge?: () => void;
}
