import { getOperationAST, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { DomainError } from '../../runtime/errors';
import { documentLimitRefusal, type DocumentLimits } from './document-limits';
import { operationLimitRefusal, type OperationLimits } from './operation-limits';
import type { RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';

export interface SubscriptionLimits {
  /** Open sockets per signed-in account, and per client address for anonymous sockets. */
  /** Open sockets per signed-in account, and per client address for anonymous ones. */
  maxConnectionsPerAddress: number;
  maxSubscriptionsPerConnection: number;
}

/** graphql-ws close code for a socket refused because its address holds too many (the protocol's "too many" code). */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4429;

/**
 * What the router refuses on graphql-ws: more open sockets per client than allowed (counted per router
 * process: by account when signed in, so customers behind one carrier's or office's address do not block
 * each other; by address when anonymous), more subscriptions per socket than allowed, subscribing faster than
 * the caller's query budget (each subscribe spends one query of the shared, Redis-held rate limit, by account
 * or, anonymous, by address), and, as over HTTP, documents too deep, with too many aliases or too costly.
 */
export class SubscriptionGuard {
  private readonly openByClient = new Map<string, number>();

  constructor(
    private readonly limits: SubscriptionLimits,
    private readonly limiter?: RouterRateLimiter,
    private readonly refusals?: RefusalMetrics,
    private readonly operationLimits?: OperationLimits,
    private readonly documentLimits?: DocumentLimits,
  ) {}

  /**
   * Takes a connection slot for the caller (its account when signed in, else its address); the key to give
   * back to `release`, or undefined when it has none left (the socket is to be closed).
   */
  admit(accountId: string | undefined, address: string): string | undefined {
    const client = accountId !== undefined ? `account:${accountId}` : `address:${address}`;
    const open = this.openByClient.get(client) ?? 0;
    if (open >= this.limits.maxConnectionsPerAddress) {
      this.refusals?.refusedOperations.inc({ code: 'TOO_MANY_CONNECTIONS' });
      return undefined;
    }
    this.openByClient.set(client, open + 1);
    return client;
  }

  /** Gives back the slot of a connection `admit` let in. */
  release(client: string): void {
    const open = (this.openByClient.get(client) ?? 1) - 1;
    if (open <= 0) this.openByClient.delete(client);
    else this.openByClient.set(client, open);
  }

  /** Why a subscription document is too big to be parsed and validated (DOCUMENT_TOO_LARGE, TOO_MANY_SELECTIONS), or null. */
  documentRefusal(query: string): GraphQLError | null {
    return this.documentLimits && typeof query === 'string' ? (documentLimitRefusal(query, this.documentLimits, this.refusals) ?? null) : null;
  }

  /** Why a subscription document may not start for its shape (QUERY_TOO_DEEP, TOO_MANY_ALIASES, QUERY_TOO_COSTLY), or null. */
  shapeRefusal(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined): GraphQLError | null {
    const operation = getOperationAST(document, operationName);
    if (!this.operationLimits || !operation) return null;
    return operationLimitRefusal(schema, document, operation, variables ?? {}, this.operationLimits, this.refusals) ?? null;
  }

  /** Why a new subscription on a socket already running `running` may not start, or null. */
  async refusal(running: number, accountId: string | undefined, address: string): Promise<GraphQLError | null> {
    const limit = this.limits.maxSubscriptionsPerConnection;
    if (running >= limit) {
      this.refusals?.refusedOperations.inc({ code: 'TOO_MANY_SUBSCRIPTIONS' });
      return new DomainError('TOO_MANY_SUBSCRIPTIONS', `This connection already runs ${running} subscriptions; the limit is ${limit}`, { limit });
    }
    try {
      await this.limiter?.consume('query', accountId, address);
      return null;
    } catch (error) {
      if (!(error instanceof DomainError) || error.extensions.code !== 'TOO_MANY_ATTEMPTS') throw error;
      this.refusals?.rateLimited.inc({ operation_class: 'subscription', scope: accountId !== undefined ? 'account' : 'address' });
      return error;
    }
  }
}
