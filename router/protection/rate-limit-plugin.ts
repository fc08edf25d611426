import type { ApolloServerPlugin } from '@apollo/server';
import type { Identity } from '../../runtime/auth/identity';
import type { RouterRateLimiter } from './rate-limits';

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
export function rateLimitPlugin<TContext extends RateLimitedContext>(limiter: RouterRateLimiter): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, operation, contextValue }) {
          if (!request.http || !operation) return;
          const operationClass = operation.operation === 'mutation' ? 'mutation' : 'query';
          await limiter.consume(operationClass, contextValue.identity?.accountId, contextValue.clientAddress);
        },
      };
    },
  };
}
