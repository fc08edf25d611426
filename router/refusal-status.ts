import type { ApolloServerPlugin } from '@apollo/server';
import { ERROR_CODES, type ErrorCode } from '../runtime/errors';
import type { BudgetRefusals } from './protection/budget-refusals';

/**
 * The "come back later" refusals, each answered with its code's status (429, 503); every one carries
 * `retryAfterSeconds`. TOO_MANY_ATTEMPTS may be the router's or a subgraph's, inside its 200 answer.
 */
const COME_BACK_LATER: ErrorCode[] = ['TOO_MANY_ATTEMPTS', 'SUBGRAPH_BUSY', 'ROUTER_BUSY'];
const STATUS_OF_REFUSAL = new Map<unknown, number | undefined>(COME_BACK_LATER.map((code) => [code, ERROR_CODES[code].status]));

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
          const refusal = response.body.singleResult.errors?.find((error) => STATUS_OF_REFUSAL.get(error.extensions?.code) !== undefined);
          if (!refusal) return;
          response.http.status = STATUS_OF_REFUSAL.get(refusal.extensions!.code);
          const retryAfter = Number(refusal.extensions?.retryAfterSeconds);
          if (Number.isFinite(retryAfter) && retryAfter > 0) response.http.headers.set('retry-after', String(Math.ceil(retryAfter)));
          if (response.http.status === 429) await budgetRefusals?.hold();
        },
      };
    },
  };
}
