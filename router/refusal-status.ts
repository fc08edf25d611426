import type { ApolloServerPlugin } from '@apollo/server';
import type { BudgetRefusals } from './protection/budget-refusals';

/** The HTTP status each "come back later" refusal is answered with; every one carries `retryAfterSeconds`. */
const STATUS_OF_REFUSAL: Record<string, number> = {
  // Too many operations of this caller (the router's limits, or a subgraph's, inside its 200 answer).
  TOO_MANY_ATTEMPTS: 429,
  // The router shed the call: a subgraph had as much work in flight as it may.
  SUBGRAPH_BUSY: 503,
  // The router shed the operation: it was running as many as it admits.
  ROUTER_BUSY: 503,
};

/**
 * Refusals to come back later arrive as GraphQL errors (the gateway keeps subgraph answers 200); at the edge,
 * clients and proxies expect an HTTP status with Retry-After, so the router says it that way too: 429 for a
 * rate limit, 503 for a busy subgraph. A rate limit's refusal is held first, as the router's others are
 * (router/protection/budget-refusals.ts).
 */
export function refusalStatusPlugin<TContext extends object>(budgetRefusals?: BudgetRefusals): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const refusal = response.body.singleResult.errors?.find((error) => STATUS_OF_REFUSAL[String(error.extensions?.code)] !== undefined);
          if (!refusal) return;
          response.http.status = STATUS_OF_REFUSAL[String(refusal.extensions!.code)];
          const retryAfter = Number(refusal.extensions?.retryAfterSeconds);
          if (Number.isFinite(retryAfter) && retryAfter > 0) response.http.headers.set('retry-after', String(Math.ceil(retryAfter)));
          if (response.http.status === 429) await budgetRefusals?.hold();
        },
      };
    },
  };
}
