import type { ServerResponse } from 'node:http';
import type { Request, RequestHandler } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';
import { isDomainError, type DomainError } from '../../runtime/errors';
import type { OperationClass, RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';
import { BudgetRefusals } from './budget-refusals';
import { clientAddressOf, type VerifiedIdentity } from './refused-request-budget';

/** Set on a request whose operations `upfrontBudget` counted (the pipeline then counts none again). */
interface PaidRequest {
  paidUpFront?: true;
}

/** What spending a request's budget up front came to: counted; refused (the refusal answered already); or not counted (the limiter failed: the pipeline counts). */
export type UpfrontCharge = 'paid' | 'refused' | 'unpaid';

/** Spends the budget of a request's operations (`operations`: its body, or each of a batch) and answers a refusal. */
export type ChargeUpFront = (operations: unknown[], authorization: string | undefined, clientAddress: string, res: ServerResponse) => Promise<UpfrontCharge>;

/**
 * Spends the caller's budget for a request before anything reads its document: one operation per operation of a
 * batch, by the class its document's first word names (`mutation`, else a query). Past the budget: HTTP 429 as the
 * pipeline would answer it (held first), before any parsing or validation.
 */
export function chargeUpFront(
  limiter: RouterRateLimiter,
  identify: VerifiedIdentity,
  metrics?: RefusalMetrics,
  answers = new BudgetRefusals(0),
): ChargeUpFront {
  return async (operations, authorization, clientAddress, res) => {
    const counts = operationCounts(operations);
    const identity = await identify(authorization).catch(() => undefined);
    const accountId = identity?.accountId;
    const classes = (Object.keys(counts) as OperationClass[]).filter((operation) => counts[operation] > 0);
    const outcomes = await Promise.allSettled(classes.map((operation) => limiter.consume(operation, accountId, clientAddress, counts[operation])));
    const refused = outcomes.findIndex((outcome) => outcome.status === 'rejected' && isBudgetRefusal(outcome.reason));
    if (refused >= 0) {
      metrics?.rateLimited.inc({ operation_class: classes[refused], scope: accountId !== undefined ? 'account' : 'address' });
      answers.send(res, (outcomes[refused] as PromiseRejectedResult).reason as DomainError);
      return 'refused';
    }
    return outcomes.every((outcome) => outcome.status === 'fulfilled') ? 'paid' : 'unpaid';
  };
}

/**
 * Spends the caller's budget for every request before anything reads its document (Apollo's own refusals of
 * it included: no query, a CSRF refusal, a refused token, a document that does not parse or validate), as
 * `chargeUpFront` does. This is the only rate-limit round trip of such a request: the pipeline counts again
 * only an operation that resolves to the other class (router/protection/rate-limit-plugin.ts). Requests the
 * cache fast path already counted are left to it.
 */
export function upfrontBudget(charge: ChargeUpFront): RequestHandler {
  return async (req, res, next) => {
    if ((req as { fastPath?: { rateLimit?: unknown } }).fastPath?.rateLimit) return next();
    const operations: unknown[] = Array.isArray(req.body) ? req.body : [req.method === 'GET' ? req.query : req.body];
    const charged = await charge(operations, req.headers.authorization, clientAddressOf(req), res);
    if (charged === 'refused') return;
    // Counted (a limiter that failed otherwise leaves the counting to the pipeline, as without this check).
    if (charged === 'paid') (req as PaidRequest).paidUpFront = true;
    next();
  };
}

/** Whether `upfrontBudget` counted the request's operations. */
export const paidUpFront = (req: Request): boolean => (req as PaidRequest).paidUpFront === true;

/** The class an operation is counted as before it is parsed: from its document's first word; a query without one. */
export const operationClassOf = (query: unknown): OperationClass => (typeof query === 'string' && firstWord(query) === 'mutation' ? 'mutation' : 'query');

/** Operations of the request by class; at least one (a request without any is refused, and counted as a query). */
function operationCounts(operations: unknown[]): Record<OperationClass, number> {
  const counts = { query: 0, mutation: 0 };
  for (const operation of operations) counts[operationClassOf((operation as { query?: unknown } | undefined)?.query)] += 1;
  if (operations.length === 0) counts.query = 1;
  return counts;
}

const isBudgetRefusal = (error: unknown) => isDomainError(error, 'TOO_MANY_ATTEMPTS');

/** The document's first word (`query`, `mutation`, …), comments skipped; undefined when it starts otherwise. */
function firstWord(query: string): string | undefined {
  try {
    const token = new Lexer(new Source(query)).advance();
    return token.kind === TokenKind.NAME ? token.value : undefined;
  } catch {
    return undefined;
  }
}
