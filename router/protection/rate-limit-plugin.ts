import type { ApolloServerPlugin, GraphQLRequest } from '@apollo/server';
import type { Identity } from '../../runtime/auth/identity';
import { ERROR_CODES, isDomainError, publicExtensions } from '../../runtime/errors';
import type { OperationClass, RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';
import { operationClassOf } from './upfront-budget';

interface RateLimitedContext {
  identity: Identity | null;
  clientAddress: string;
  /** Set when the cache fast path already spent this request's budget, or was refused it (router/cache/fast-path.ts). */
  rateLimit?: { spent: true } | { refusal: unknown };
  /** The request's operations were counted before the pipeline, each as its first word says (router/protection/upfront-budget.ts). */
  paidUpFront?: boolean;
}

/**
 * Spends one unit of the caller's budget per operation (each operation of a batch counts), once its class
 * (query or mutation) is known and before anything runs, unless it was counted before the pipeline: by the
 * cache fast path (a query), or up front as its document's first word said (`upfrontBudget`), in which case
 * only an operation that resolves to the other class is counted here (and the unit counted for it given
 * back), so a mutation always spends the mutation budget. Only client requests count: the router's own
 * executions (subscription events fetching their fields) have no HTTP request and are not limited.
 * The refusal is TOO_MANY_ATTEMPTS, which refusalStatusPlugin turns into HTTP 429 with Retry-After.
 * A request not counted before that never resolves an operation (its document does not parse or validate, or
 * names no operation it holds) is counted too, as one query, when its answer is sent: past the budget, that
 * answer becomes the rate limit's refusal (HTTP 429).
 */
export function rateLimitPlugin<TContext extends RateLimitedContext>(limiter: RouterRateLimiter, metrics?: RefusalMetrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      let counted = false;
      return {
        async didResolveOperation({ request, operation, contextValue }) {
          if (!request.http || !operation) return;
          counted = true;
          const operationClass = operation.operation === 'mutation' ? 'mutation' : 'query';
          const accountId = contextValue.identity?.accountId;
          const fastPath = contextValue.rateLimit;
          const paid = paidAs(contextValue, request);
          if (paid === operationClass) return;
          try {
            // The fast path only ever looks at queries; its refusal stands.
            if (operationClass === 'query' && fastPath && 'refusal' in fastPath) throw fastPath.refusal;
            await Promise.all([
              limiter.consume(operationClass, accountId, contextValue.clientAddress),
              paid && limiter.refund(paid, accountId, contextValue.clientAddress).catch(() => undefined),
            ]);
          } catch (error) {
            if (isDomainError(error, 'TOO_MANY_ATTEMPTS')) {
              metrics?.rateLimited.inc({ operation_class: operationClass, scope: accountId !== undefined ? 'account' : 'address' });
            }
            throw error;
          }
        },
        async willSendResponse({ request, response, contextValue }) {
          if (counted || !request.http || paidAs(contextValue, request)) return;
          const accountId = contextValue.identity?.accountId;
          try {
            await limiter.consume('query', accountId, contextValue.clientAddress);
          } catch (error) {
            if (!isDomainError(error, 'TOO_MANY_ATTEMPTS') || response.body.kind !== 'single') throw error;
            metrics?.rateLimited.inc({ operation_class: 'refused', scope: accountId !== undefined ? 'account' : 'address' });
            response.body.singleResult = { errors: [{ message: error.message, extensions: publicExtensions(error) }] };
            response.http.status = ERROR_CODES.TOO_MANY_ATTEMPTS.status;
            response.http.headers.set('retry-after', String(error.extensions.retryAfterSeconds));
          }
        },
      };
    },
  };
}

/** The class this operation was already counted as before the pipeline; undefined when it was not. */
function paidAs(context: RateLimitedContext, request: GraphQLRequest): OperationClass | undefined {
  if (context.rateLimit && 'spent' in context.rateLimit) return 'query';
  // The same text upfrontBudget read (Apollo takes `query` from the body or the GET parameter as it is).
  return context.paidUpFront ? operationClassOf(request.query) : undefined;
}
