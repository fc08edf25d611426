import type { ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Request } from 'express';
import type { Identity } from '../../runtime/auth/identity';
import { isDomainError, type DomainError } from '../../runtime/errors';
import type { OperationClass, RouterRateLimiter } from './rate-limits';
import type { BudgetRefusals } from './budget-refusals';
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
    private readonly answers: BudgetRefusals,
    private readonly metrics?: RefusalMetrics,
  ) {}

  /** Answers with the rate limit's refusal (held back first: budget-refusals.ts). */
  refuse(res: ServerResponse, refusal: DomainError): void {
    this.answers.send(res, refusal);
  }

  /** For a request Express holds (before Apollo): its token is verified here. */
  async spendFor(req: Request): Promise<DomainError | undefined> {
    const identity = await this.identify(req.headers.authorization).catch(() => undefined);
    return this.spend(identity?.accountId, clientAddressOf(req));
  }

  async spend(accountId: string | undefined, clientAddress: string): Promise<DomainError | undefined> {
    return this.spendAs('refused', 'query', accountId, clientAddress, 1);
  }

  /** `points` more for a request whose operations were counted already, for what makes it heavy (work-points.ts). */
  async spendMoreFor(req: Request, operation: OperationClass, points: number): Promise<DomainError | undefined> {
    const identity = await this.identify(req.headers.authorization).catch(() => undefined);
    return this.spendAs(operation, operation, identity?.accountId, clientAddressOf(req), points);
  }

  private async spendAs(
    label: string,
    operation: OperationClass,
    accountId: string | undefined,
    clientAddress: string,
    points: number,
  ): Promise<DomainError | undefined> {
    try {
      await this.limiter.consume(operation, accountId, clientAddress, points);
      return undefined;
    } catch (error) {
      if (!isDomainError(error, 'TOO_MANY_ATTEMPTS')) throw error;
      this.metrics?.rateLimited.inc({ operation_class: label, scope: accountId !== undefined ? 'account' : 'address' });
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
      (overBudget) => (overBudget ? budget.refuse(res, overBudget) : next(error)),
      () => next(error), // not counted (the limiter failed): the refusal is answered all the same
    );
  };
}

/** The client's address as the router's context reads it (behind TRUST_PROXY_HOPS proxies). */
export const clientAddressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';
