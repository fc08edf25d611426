import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Request } from 'express';
import type { Identity } from '../../runtime/auth/identity';
import { DomainError } from '../../runtime/errors';
import { sendGraphQLError } from '../../runtime/http-errors';
import type { RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';

/** The caller's verified identity (null: anonymous); undefined when the token is refused. */
export type VerifiedIdentity = (authorization: string | undefined) => Promise<Identity | null | undefined>;

/**
 * Spends one query of the caller's budget for a request refused before its operations are counted (a body too
 * large or unreadable, input nested too deep, a batch too long; router/protection/upfront-budget.ts counts the
 * rest): such requests cost the router work too, and a client sending nothing else must run out of budget as
 * any other. By account when the token is good, else by client address. Resolves with the TOO_MANY_ATTEMPTS
 * refusal to answer instead once the budget is spent.
 */
export class RefusedRequestBudget {
  constructor(
    private readonly limiter: RouterRateLimiter,
    private readonly identify: VerifiedIdentity,
    private readonly metrics?: RefusalMetrics,
  ) {}

  /** For a request Express holds (before Apollo): its token is verified here. */
  async spendFor(req: Request): Promise<DomainError | undefined> {
    const identity = await this.identify(req.headers.authorization).catch(() => undefined);
    return this.spend(identity?.accountId, clientAddressOf(req));
  }

  async spend(accountId: string | undefined, clientAddress: string): Promise<DomainError | undefined> {
    try {
      await this.limiter.consume('query', accountId, clientAddress);
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError) || error.extensions.code !== 'TOO_MANY_ATTEMPTS') throw error;
      this.metrics?.rateLimited.inc({ operation_class: 'refused', scope: accountId !== undefined ? 'account' : 'address' });
      return error;
    }
  }
}

/**
 * Counts a /graphql request refused before GraphQL (express.json's 413 and 400, INPUT_TOO_DEEP: the errors the
 * service's error handler answers with a 4xx) against the caller's budget before it is answered; past the
 * budget the answer is the rate limit's 429 instead. Nothing else is done for it: one Redis round trip.
 */
export function countRefusedBeforeGraphQL(budget: RefusedRequestBudget): ErrorRequestHandler {
  return (error: { status?: unknown }, req, res, next) => {
    const status = error?.status;
    if (typeof status !== 'number' || status < 400 || status >= 500 || res.headersSent) return next(error);
    budget.spendFor(req).then(
      (overBudget) => (overBudget ? sendBudgetRefusal(res, overBudget) : next(error)),
      () => next(error), // not counted (the limiter failed): the refusal is answered all the same
    );
  };
}

/** The client's address as the router's context reads it (behind TRUST_PROXY_HOPS proxies). */
export const clientAddressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** Answers a request with the rate limit's refusal, as the pipeline would: HTTP 429 with Retry-After. */
export function sendBudgetRefusal(res: ServerResponse, refusal: DomainError): void {
  const { retryAfterSeconds, limit } = refusal.extensions as { retryAfterSeconds?: number; limit?: number };
  if (retryAfterSeconds !== undefined) res.setHeader('retry-after', String(retryAfterSeconds));
  sendGraphQLError(res, 429, 'TOO_MANY_ATTEMPTS', refusal.message, { retryAfterSeconds, limit });
}
