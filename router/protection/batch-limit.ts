import type { RequestHandler } from 'express';
import { batchTooLarge } from '../../runtime/errors';
import { sendRefusal } from '../../runtime/http-errors';
import type { RefusalMetrics } from './refusal-metrics';
import type { RefusedRequestBudget } from './refused-request-budget';

/**
 * Caps how many operations one batched HTTP request (a JSON array body) may carry, before Apollo runs any
 * of them: the per-operation limits would otherwise multiply by an unbounded batch.
 */
export function batchLimit(maxLength: number, metrics?: RefusalMetrics, budget?: RefusedRequestBudget): RequestHandler {
  return async (req, res, next) => {
    if (!Array.isArray(req.body) || req.body.length <= maxLength) return next();
    metrics?.refusedOperations.inc({ code: 'BATCH_TOO_LARGE' });
    // Counted against the caller's budget as any request; past it, the rate limit's refusal instead.
    const overBudget = await budget?.spendFor(req);
    if (overBudget) return budget!.refuse(res, overBudget);
    sendRefusal(res, batchTooLarge({ value: req.body.length, limit: maxLength }));
  };
}
