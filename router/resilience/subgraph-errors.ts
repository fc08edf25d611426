import { GraphQLError } from 'graphql';
import { subgraphUnavailable } from '../../runtime/errors';
import { isBreakerOpen } from './circuit-breaker';
import type { SubgraphResponse } from './subgraph-response';

/** A subgraph's HTTP 5xx answer: a failed call for the breaker and the retries; the gateway reads the answer in the end. */
export class SubgraphServerError extends Error {
  constructor(readonly response: SubgraphResponse) {
    super(`HTTP ${response.status}`);
  }
}

/** Why a call got no answer, in words safe to show a client (no addresses). */
/** Whether an attempt ran out its whole time without an answer (a stalled or drowning subgraph). */
export const isTimeout = (error: unknown) => (error as { name?: string } | null)?.name === 'TimeoutError';

export function unavailableReason(error: unknown, timeoutMs: number): string {
  if (isBreakerOpen(error)) return 'its circuit breaker is open';
  const { name, code, cause } = (error ?? {}) as { name?: string; code?: string; cause?: { code?: string } };
  if (isTimeout(error)) return `no answer within ${timeoutMs} ms`;
  return `connection failed (${code ?? cause?.code ?? name ?? 'unknown error'})`;
}

/**
 * Every error of a subgraph call as the client sees it: naming the subgraph in `extensions.serviceName`
 * (the gateway adds it to errors in a subgraph's answer, not to a failed call's), and with a code.
 */
export function asSubgraphError(subgraph: string, error: unknown): GraphQLError {
  if (error instanceof GraphQLError) {
    const status = (error.extensions.response as { status?: number } | undefined)?.status;
    if (error.extensions.code === undefined && status !== undefined && status >= 500) return subgraphUnavailable(subgraph, `HTTP ${status}`);
    return new GraphQLError(error.message, { originalError: error, extensions: { ...error.extensions, serviceName: subgraph } });
  }
  return subgraphUnavailable(subgraph, 'its answer is not a GraphQL response');
}
