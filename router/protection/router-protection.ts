import { OperationTypeNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { batchLimit } from './batch-limit';
import { BudgetRefusals } from './budget-refusals';
import { operationLimitsPlugin } from './operation-limits';
import { OperationAdmission } from './operation-admission';
import { boundedParseOptions, documentLimit, OrdinaryDocuments } from './document-limits';
import { admissionPolicyOf, documentLimitsOf, operationLimitsOf, rateLimitsOf, subscriptionLimitsOf, type protectionEnv } from './protection-env';
import { rateLimitPlugin } from './rate-limit-plugin';
import { RouterRateLimiter } from './rate-limits';
import { countRefusedBeforeGraphQL, RefusedRequestBudget, type VerifiedIdentity } from './refused-request-budget';
import { refusalMetrics } from './refusal-metrics';
import { scalarArgumentsPlugin } from './scalar-arguments';
import { INPUT_SCALARS } from '../../runtime/graphql/input-scalars';
import { textInputsPlugin } from '../../runtime/graphql/text-inputs-plugin';
import { SubscriptionGuard } from './subscription-limits';
import { chargeUpFront, upfrontBudget } from './upfront-budget';
import type { RouterContext } from '../context';
import type { z } from 'zod';

/**
 * Everything the router refuses before a subgraph is called, in one place: request size, batch length and
 * document size (tokens, selections), before Apollo parses and validates anything (and how deeply its JSON
 * nests, as every service does); every request, also one refused, spends the caller's budget, once (refused
 * before its operations are counted, or counted up front by the class its document names, and again only for an
 * operation of the other class); then per operation the depth, alias and cost limits, strings that are not text
 * and custom scalars that do not parse; and on graphql-ws, sockets per address, subscriptions per socket and the
 * rate of subscribing, every refused socket and subscribe counted too.
 */
export function routerProtection(config: z.infer<z.ZodObject<typeof protectionEnv>>, redis: Redis, registry: Registry, verifiedIdentity: VerifiedIdentity) {
  const limiter = new RouterRateLimiter(redis, rateLimitsOf(config));
  const refusals = refusalMetrics(registry);
  const budgetRefusals = new BudgetRefusals(config.ROUTER_REFUSAL_HOLD_MS);
  const refusedRequests = new RefusedRequestBudget(limiter, verifiedIdentity, budgetRefusals, refusals);
  const admission = new OperationAdmission(admissionPolicyOf(config), registry);
  const ordinaryDocuments = new OrdinaryDocuments();
  const chargeBudget = chargeUpFront(limiter, verifiedIdentity, refusals, budgetRefusals);
  return {
    /** The budgets themselves, for the cache fast path, which spends them before the pipeline. */
    limiter,
    /** The router's admission of client operations, for the cache fast path, which refuses known queries at the edge. */
    admission,
    /** Documents the document limit found ordinary (within the limits, no points of their own), and the budget spent up front: for the direct pipeline. */
    ordinaryDocuments,
    chargeBudget,
    /** How refusals for a spent budget are answered (held first), for the pipeline's own. */
    budgetRefusals,
    /** Counts a request refused before GraphQL (body too large or unreadable, input too deep); past the budget, 429. */
    refusedBeforeGraphQL: countRefusedBeforeGraphQL(refusedRequests),
    /** What decides whether an operation may run besides its text: part of every cached answer's key. */
    settingsFingerprint: JSON.stringify(operationLimitsOf(config)),
    plugins: [
      rateLimitPlugin<RouterContext>(limiter, refusals),
      operationLimitsPlugin<RouterContext>(operationLimitsOf(config), refusals, async (context, operation, points) => {
        const operationClass = operation === OperationTypeNode.MUTATION ? 'mutation' : 'query';
        await limiter.consume(operationClass, context.identity?.accountId, context.clientAddress, points).catch((refusal: unknown) => {
          refusals.rateLimited.inc({ operation_class: operationClass, scope: context.identity ? 'account' : 'address' });
          throw refusal;
        });
      }),
      textInputsPlugin<RouterContext>(),
      scalarArgumentsPlugin<RouterContext>(INPUT_SCALARS),
      // Last: only an operation allowed to run takes a slot.
      admission.plugin<RouterContext>(),
    ] as ApolloServerPlugin<RouterContext>[],
    // Apollo's own parse stops at the token limit too (a document that skipped the check below: none should).
    apolloOptions: { allowBatchedHttpRequests: config.ROUTER_MAX_BATCH_LENGTH > 1, parseOptions: boundedParseOptions(documentLimitsOf(config)) },
    maxBodyBytes: config.ROUTER_MAX_BODY_BYTES,
    beforeGraphQL: [
      // First (its length is all it reads): a batch too long is counted once, not per operation.
      batchLimit(config.ROUTER_MAX_BATCH_LENGTH, refusals, refusedRequests),
      // Then every request is counted, and a caller past their budget turned away before any work on their document.
      upfrontBudget(chargeBudget),
      documentLimit(documentLimitsOf(config), refusedRequests, refusals, ordinaryDocuments),
    ],
    subscriptions: new SubscriptionGuard(subscriptionLimitsOf(config), limiter, refusals, operationLimitsOf(config), documentLimitsOf(config)),
  };
}
