/**
 * Rate limits roomy enough for a whole test run: every test file's router counts 127.0.0.1 in the same Redis
 * keys (the limits themselves are tested with small ones in test/e2e/router-protection.test.ts).
 */
export const roomyRouterRateLimits: Record<string, string> = {
  ROUTER_RATE_LIMIT_QUERY_PER_MINUTE: '1000000',
  ROUTER_RATE_LIMIT_MUTATION_PER_MINUTE: '1000000',
  ROUTER_RATE_LIMIT_ANONYMOUS_QUERY_PER_MINUTE: '1000000',
  ROUTER_RATE_LIMIT_ANONYMOUS_MUTATION_PER_MINUTE: '1000000',
  // A starting router plans the most used operations before it is ready; the tests' Redis holds hundreds
  // of one-off operations, and every test file starts routers: a few are enough to exercise it.
  ROUTER_WARM_UP_OPERATIONS: '10',
};
