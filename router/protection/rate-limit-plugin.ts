import type { ApolloServerPlugin } from '@apollo/server';
import type { Identity } from '../../runtime/auth/identity';
import { DomainError } from '../../runtime/errors';
import type { RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';

interface RateLimitedContext {
  identity: Identity | null;
  clientAddress: string;
  /** Set when the cache fast path already spent this request's budget, or was refused it (router/cache/fast-path.ts). */
  rateLimit?: { spent: true } | { refusal: unknown };
}

/**
 * Spends one unit of the caller's budget per operation (each operation of a batch counts), once its class
 * (query or mutation) is known and before anything runs. Only client requests count: the router's own
 * executions (subscription events fetching their fields) have no HTTP request and are not limited.
 * The refusal is TOO_MANY_ATTEMPTS, which refusalStatusPlugin turns into HTTP 429 with Retry-After.
 * A request the cache fast path looked at may have been counted there already: it is not counted twice.
 * A request that never resolves an operation (its document does not parse or validate, or names no operation
 * it holds) is counted too, as one query, when its answer is sent: past the budget, that answer becomes the
 * rate limit's refusal (HTTP 429).
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
          // The fast path only ever looks at queries; what it decided stands.
          const already = operationClass === 'query' ? contextValue.rateLimit : undefined;
          if (already && 'spent' in already) return;
          try {
            if (already) throw already.refusal;
            await limiter.consume(operationClass, accountId, contextValue.clientAddress);
          } catch (error) {
            if (error instanceof DomainError && error.extensions.code === 'TOO_MANY_ATTEMPTS') {
              metrics?.rateLimited.inc({ operation_class: operationClass, scope: accountId !== undefined ? 'account' : 'address' });
            }
            throw error;
          }
        },
        async willSendResponse({ request, response, contextValue }) {
          if (counted || !request.http || (contextValue.rateLimit && 'spent' in contextValue.rateLimit)) return;
          const accountId = contextValue.identity?.accountId;
          try {
            await limiter.consume('query', accountId, contextValue.clientAddress);
          } catch (error) {
            if (!(error instanceof DomainError) || error.extensions.code !== 'TOO_MANY_ATTEMPTS' || response.body.kind !== 'single') throw error;
            metrics?.rateLimited.inc({ operation_class: 'refused', scope: accountId !== undefined ? 'account' : 'address' });
            const { retryAfterSeconds, limit } = error.extensions as { retryAfterSeconds: number; limit: number };
            response.body.singleResult = { errors: [{ message: error.message, extensions: { code: 'TOO_MANY_ATTEMPTS', retryAfterSeconds, limit } }] };
            response.http.status = 429;
            response.http.headers.set('retry-after', String(retryAfterSeconds));
          }
        },
      };
    },
  };
}
