import type { ApolloServerPlugin } from '@apollo/server';
import { Counter, type Registry } from 'prom-client';
import { routerBusy } from '../../runtime/errors';
import { ConcurrencyLimit, SubgraphBusy, type ConcurrencyPolicy } from '../resilience/concurrency-limit';

/**
 * The router's own admission: at most `maxInFlight` client operations run at once. Past it, queries (browsing,
 * reading one's cart or orders) wait briefly in line and are then refused fast with ROUTER_BUSY (HTTP 503,
 * Retry-After), while mutations (cart changes, checkout) keep a share of the slots of their own and go first:
 * under overload the shop keeps selling, and what a CPU-bound router cannot serve within reason is turned away
 * at once instead of queueing for seconds. Cached answers never get here (router/cache/fast-path.ts), nor the
 * router's own operations (subscription events).
 */
export function operationAdmissionPlugin<TContext extends object>(policy: ConcurrencyPolicy, registry: Registry): ApolloServerPlugin<TContext> {
  const limit = new ConcurrencyLimit(policy);
  const shed = new Counter({
    name: 'router_operations_shed_total',
    help: 'Client operations the router refused with ROUTER_BUSY because it had as many running as it admits, by class',
    labelNames: ['operation_class'],
    registers: [registry],
  });
  return {
    async requestDidStart() {
      let leave: (() => void) | undefined;
      return {
        async didResolveOperation({ request, operation }) {
          if (!request.http || !operation) return;
          const operationClass = operation.operation === 'mutation' ? 'mutation' : 'query';
          try {
            leave = await limit.enter(operationClass === 'mutation' ? 'write' : 'read');
          } catch (error) {
            if (!(error instanceof SubgraphBusy)) throw error;
            shed.inc({ operation_class: operationClass });
            throw routerBusy();
          }
        },
        async willSendResponse() {
          leave?.();
        },
      };
    },
  };
}
