import type { ApolloServerPlugin } from '@apollo/server';
import type { Identity } from '../../runtime/auth/identity';
import { DomainError } from '../../runtime/errors';
import type { RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';

interface RateLimitedContext {
  identity: Identity | null;
  clientAddress: string;
}

/**
 * Spends one unit of the caller's budget per operation (each operation of a batch counts), once its class
 * (query or mutation) is known and before anything runs. Only client requests count: the router's own
 * executions (subscription events fetching their fields) have no HTTP request and are not limited.
 * The refusal is TOO_MANY_ATTEMPTS, which rateLimitStatusPlugin turns into HTTP 429 with Retry-After.
 */
export function rateLimitPlugin<TContext extends RateLimitedContext>(limiter: RouterRateLimiter, metrics?: RefusalMetrics): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, contextValue }) {
          if (!request.http || !operation) return;
          const operationClass = operation.operation === 'mutation' ? 'mutation' : 'query';
          const accountId = contextValue.identity?.accountId;
          try {
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
