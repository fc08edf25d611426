import type { IncomingMessage } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import { runOperation } from '../runtime/direct-graphql';
import type { FastPath, ServiceRequest } from '../runtime/http-service';
import { depthOf, MAX_INPUT_DEPTH } from '../runtime/input-depth';
import type { Logger } from '../runtime/logger';
import type { FastPathNote } from './cache/fast-path';
import type { RouterContext } from './context';
import type { OrdinaryDocuments } from './protection/document-limits';
import type { ChargeUpFront } from './protection/upfront-budget';

export interface DirectPipelineOptions {
  /** The router's Apollo server, once started (nothing is served before). */
  apollo: () => ApolloServer<RouterContext> | undefined;
  ordinaryDocuments: Pick<OrdinaryDocuments, 'has'>;
  chargeBudget: ChargeUpFront;
  clientAddress: (req: IncomingMessage) => string;
  /** The request's context, as Express's path makes it; `paidUpFront`: its budget was spent here. */
  context: (req: ServiceRequest, logger: Logger, paidUpFront: boolean) => Promise<RouterContext>;
  logger: Logger;
}

/**
 * Runs an operation the cache fast path read but did not answer (a query it holds no answer to, a mutation)
 * straight through Apollo, without Express's chain, when each step of the chain is known to let it through
 * unchanged: one operation (no batch to cap), a document the document limit found ordinary before (within the
 * limits, no points of its own), input nested within the limit. Its budget is spent as the chain spends it
 * (router/protection/upfront-budget.ts), unless the fast path spent it already. That is nearly every miss of the
 * apps' own operations, and the chain (its routing, Express's answer with the ETag hash of every body) took 12% of
 * the router's CPU per varied request. Anything else goes on to Express, as does a request whose fast path
 * refused its budget (the pipeline answers that).
 */
export function withDirectPipeline(fastPath: FastPath, options: DirectPipelineOptions): FastPath {
  const { chargeBudget, logger } = options;
  return async (req, res) => {
    const answered = await fastPath(req, res);
    if (answered) return answered;
    const note = (req as { fastPath?: FastPathNote }).fastPath;
    const apollo = options.apollo();
    const operation = note?.body as { query?: unknown; operationName?: unknown } | undefined;
    if (!apollo || !note || note.unreadable || (note.rateLimit && 'refusal' in note.rateLimit)) return undefined;
    if (typeof operation !== 'object' || operation === null || Array.isArray(operation) || typeof operation.query !== 'string') return undefined;
    if (!options.ordinaryDocuments.has(operation.query) || depthOf(operation) > MAX_INPUT_DEPTH) return undefined;
    let paidUpFront = false;
    if (!note.rateLimit) {
      const charged = await chargeBudget([operation], req.headers.authorization, options.clientAddress(req), res);
      if (charged === 'refused') return { operationName: typeof operation.operationName === 'string' ? operation.operationName : undefined };
      paidUpFront = charged === 'paid';
    }
    const context = () => options.context(req, logger.child({ requestId: req.requestId }), paidUpFront);
    return runOperation({ apollo, req, res, operation, context, logger });
  };
}
