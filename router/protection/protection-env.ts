import { z } from 'zod';
import type { ConcurrencyPolicy } from '../resilience/concurrency-limit';
import type { DocumentLimits } from './document-limits';
import type { OperationLimits } from './operation-limits';
import type { RateLimits } from './rate-limits';
import type { SubscriptionLimits } from './subscription-limits';

const count = (fallback: number, max: number) => z.coerce.number().int().min(1).max(max).default(fallback);

/** The router's protection settings; the defaults let every operation of the shop's own clients and tests through. */
export const protectionEnv = {
  /** Operations a minute per signed-in account (queries, mutations), and per client address for anonymous callers. */
  ROUTER_RATE_LIMIT_QUERY_PER_MINUTE: count(600, 1_000_000),
  ROUTER_RATE_LIMIT_MUTATION_PER_MINUTE: count(120, 1_000_000),
  ROUTER_RATE_LIMIT_ANONYMOUS_QUERY_PER_MINUTE: count(300, 1_000_000),
  ROUTER_RATE_LIMIT_ANONYMOUS_MUTATION_PER_MINUTE: count(60, 1_000_000),
  /** How long a refusal for a spent budget is held before it is sent (router/protection/budget-refusals.ts); 0 sends it at once. */
  ROUTER_REFUSAL_HOLD_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  ROUTER_MAX_QUERY_DEPTH: count(12, 1_000),
  ROUTER_MAX_ALIASES: count(30, 10_000),
  ROUTER_MAX_QUERY_COST: count(20_000, 100_000_000),
  /** Before validation: lexical tokens and written selections (fields, fragments) per document (the shop's own use a few hundred tokens). */
  ROUTER_MAX_DOCUMENT_TOKENS: count(3_000, 1_000_000),
  ROUTER_MAX_SELECTIONS: count(300, 100_000),
  /** Items assumed, for the cost, of a list field without a `first`/`last`/`limit` argument. */
  ROUTER_DEFAULT_LIST_SIZE: count(10, 10_000),
  ROUTER_MAX_BODY_BYTES: count(1_000_000, 100_000_000),
  /** Operations per batched HTTP request (a JSON array); 1 turns batching off. */
  ROUTER_MAX_BATCH_LENGTH: count(10, 1_000),
  /** graphql-ws: sockets one client address may hold open on one router, and subscriptions one socket may run. */
  ROUTER_WS_MAX_CONNECTIONS_PER_ADDRESS: count(50, 100_000),
  ROUTER_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: count(20, 10_000),
  /**
   * Client operations the router runs at once (cached answers aside); past it queries wait up to
   * ROUTER_QUERY_WAIT_MS and are refused with ROUTER_BUSY (HTTP 503), mutations keep a share of their own.
   */
  ROUTER_MAX_CONCURRENT_OPERATIONS: count(128, 100_000),
  ROUTER_QUERY_SHARE: z.coerce.number().min(0.05).max(1).default(0.75),
  ROUTER_QUERY_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(50),
  ROUTER_MUTATION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
};

type ProtectionConfig = z.infer<z.ZodObject<typeof protectionEnv>>;

export function rateLimitsOf(config: ProtectionConfig): RateLimits {
  return {
    query: { perUser: config.ROUTER_RATE_LIMIT_QUERY_PER_MINUTE, perAddress: config.ROUTER_RATE_LIMIT_ANONYMOUS_QUERY_PER_MINUTE },
    mutation: { perUser: config.ROUTER_RATE_LIMIT_MUTATION_PER_MINUTE, perAddress: config.ROUTER_RATE_LIMIT_ANONYMOUS_MUTATION_PER_MINUTE },
  };
}

export function subscriptionLimitsOf(config: ProtectionConfig): SubscriptionLimits {
  return {
    maxConnectionsPerAddress: config.ROUTER_WS_MAX_CONNECTIONS_PER_ADDRESS,
    maxSubscriptionsPerConnection: config.ROUTER_WS_MAX_SUBSCRIPTIONS_PER_CONNECTION,
  };
}

export function admissionPolicyOf(config: ProtectionConfig): ConcurrencyPolicy {
  return {
    maxInFlight: config.ROUTER_MAX_CONCURRENT_OPERATIONS,
    readShare: config.ROUTER_QUERY_SHARE,
    readWaitMs: config.ROUTER_QUERY_WAIT_MS,
    writeWaitMs: config.ROUTER_MUTATION_WAIT_MS,
    // A query waits only briefly: a line as long as the slots is already more than that.
    maxWaiting: config.ROUTER_MAX_CONCURRENT_OPERATIONS,
  };
}

export function operationLimitsOf(config: ProtectionConfig): OperationLimits {
  return {
    maxDepth: config.ROUTER_MAX_QUERY_DEPTH,
    maxAliases: config.ROUTER_MAX_ALIASES,
    maxCost: config.ROUTER_MAX_QUERY_COST,
    defaultListSize: config.ROUTER_DEFAULT_LIST_SIZE,
  };
}

export function documentLimitsOf(config: ProtectionConfig): DocumentLimits {
  return { maxTokens: config.ROUTER_MAX_DOCUMENT_TOKENS, maxSelections: config.ROUTER_MAX_SELECTIONS };
}
