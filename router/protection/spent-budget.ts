import type { RequestHandler } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';
import type { RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';
import { clientAddressOf, sendBudgetRefusal, type VerifiedIdentity } from './refused-request-budget';

/**
 * Turns away, before its document is parsed or validated, a request of a caller whose budget is already spent:
 * HTTP 429 as the pipeline would answer it, without counting it again. Without this a client past its budget
 * still cost the router the parsing and validation of every document it sent before being refused. The budget
 * is the query budget unless the document's first operation is a mutation (read from its first token only).
 */
export function spentBudgetCheck(limiter: RouterRateLimiter, identify: VerifiedIdentity, metrics?: RefusalMetrics): RequestHandler {
  return async (req, res, next) => {
    // The cache fast path already spent this request's budget, or holds its refusal: the pipeline decides.
    if ((req as { fastPath?: { rateLimit?: unknown } }).fastPath?.rateLimit) return next();
    const first: unknown = Array.isArray(req.body) ? req.body[0] : req.method === 'GET' ? req.query : req.body;
    const query = (first as { query?: unknown } | undefined)?.query;
    const identity = await identify(req.headers.authorization).catch(() => undefined);
    const accountId = identity?.accountId;
    const operation = typeof query === 'string' && firstWord(query) === 'mutation' ? 'mutation' : 'query';
    const refusal = await limiter.spentRefusal(operation, accountId, clientAddressOf(req));
    if (!refusal) return next();
    metrics?.rateLimited.inc({ operation_class: operation, scope: accountId !== undefined ? 'account' : 'address' });
    sendBudgetRefusal(res, refusal);
  };
}

/** The document's first word (`query`, `mutation`, …), comments skipped; undefined when it starts otherwise. */
function firstWord(query: string): string | undefined {
  try {
    const token = new Lexer(new Source(query)).advance();
    return token.kind === TokenKind.NAME ? token.value : undefined;
  } catch {
    return undefined;
  }
}
