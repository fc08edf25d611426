import { getOperationAST, GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { isDomainError, tooManySubscriptions, type DomainError } from '../../runtime/errors';
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
/** The same code closes a refused socket whose caller is past their budget, with the rate limit's message. */
export const RATE_LIMITED_CLOSE_CODE = 4429;

/**
 * What the router refuses on graphql-ws: more open sockets per client than allowed (counted per router
 * process: by account when signed in, so customers behind one carrier's or office's address do not block
 * each other; by address when anonymous), more subscriptions per socket than allowed, subscribing faster than
 * the caller's query budget (each subscribe spends one query of the shared, Redis-held rate limit, by account
 * or, anonymous, by address), and, as over HTTP, documents too deep, with too many aliases or too costly.
 * A refused subscribe and a socket refused at connect spend that budget too, as any request.
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
  shapeRefusal(
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null | undefined,
    variables: Record<string, unknown> | null | undefined,
  ): GraphQLError | null {
    const operation = getOperationAST(document, operationName);
    if (!this.operationLimits || !operation) return null;
    return operationLimitRefusal(schema, document, operation, variables ?? {}, this.operationLimits, this.refusals) ?? null;
  }

  /**
   * Why a new subscription on a socket already running `running` may not start, or null. Every subscribe spends
   * the caller's budget first, also one refused for the socket's limit: past the budget, TOO_MANY_ATTEMPTS.
   */
  async refusal(running: number, accountId: string | undefined, address: string): Promise<GraphQLError | null> {
    try {
      await this.limiter?.consume('query', accountId, address);
    } catch (error) {
      if (!isBudgetRefusal(error)) throw error;
      this.refusals?.rateLimited.inc({ operation_class: 'subscription', scope: accountId !== undefined ? 'account' : 'address' });
      return error;
    }
    const limit = this.limits.maxSubscriptionsPerConnection;
    if (running < limit) return null;
    this.refusals?.refusedOperations.inc({ code: 'TOO_MANY_SUBSCRIPTIONS' });
    return tooManySubscriptions({ value: running, limit });
  }

  /**
   * Spends the caller's budget for a socket refused at connect (its token, or too many sockets): such a socket
   * costs the router work as a request does. The rate limit's refusal once the budget is spent (the socket is
   * then closed with it), else undefined; undefined too when the budget cannot be counted (Redis and memory failing).
   */
  async refusedConnection(accountId: string | undefined, address: string): Promise<DomainError | undefined> {
    try {
      await this.limiter?.consume('query', accountId, address);
      return undefined;
    } catch (error) {
      if (!isBudgetRefusal(error)) return undefined;
      this.refusals?.rateLimited.inc({ operation_class: 'refused', scope: accountId !== undefined ? 'account' : 'address' });
      return error;
    }
  }
}

const isBudgetRefusal = (error: unknown) => isDomainError(error, 'TOO_MANY_ATTEMPTS');
