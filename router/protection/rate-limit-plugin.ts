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
 */
export function rateLimitPlugin<TContext extends RateLimitedContext>(limiter: RouterRateLimiter, metrics?: RefusalMetrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, contextValue }) {
          if (!request.http || !operation) return;
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
      };
    },
  };
}
