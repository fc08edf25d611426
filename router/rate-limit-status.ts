import type { ApolloServerPlugin } from '@apollo/server';

/**
 * A subgraph refuses with TOO_MANY_ATTEMPTS inside a 200 answer (the gateway keeps subgraph responses 200);
 * at the edge, clients and proxies expect HTTP 429 with Retry-After, so the router says it that way too.
 */
export function rateLimitStatusPlugin<TContext extends object>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const refusal = response.body.singleResult.errors?.find((error) => error.extensions?.code === 'TOO_MANY_ATTEMPTS');
          if (!refusal) return;
          response.http.status = 429;
          const retryAfter = Number(refusal.extensions?.retryAfterSeconds);
          if (Number.isFinite(retryAfter) && retryAfter > 0) response.http.headers.set('retry-after', String(Math.ceil(retryAfter)));
        },
      };
    },
  };
}
