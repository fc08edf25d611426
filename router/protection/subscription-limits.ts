import { GraphQLError } from 'graphql';
import { DomainError } from '../../runtime/errors';
import type { RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';

export interface SubscriptionLimits {
  maxConnectionsPerAddress: number;
  maxSubscriptionsPerConnection: number;
}

/** graphql-ws close code for a socket refused because its address holds too many (the protocol's "too many" code). */
export const TOO_MANY_CONNECTIONS_CLOSE_CODE = 4429;

/**
 * What the router refuses on graphql-ws, which the HTTP protections never see: more open sockets per client
 * address than allowed (counted per router process), more subscriptions per socket than allowed, and
 * subscribing faster than the caller's query budget (each subscribe spends one query of the shared,
 * Redis-held rate limit, by account or, anonymous, by address).
 */
export class SubscriptionGuard {
  private readonly openByAddress = new Map<string, number>();

  constructor(
    private readonly limits: SubscriptionLimits,
    private readonly limiter?: RouterRateLimiter,
    private readonly refusals?: RefusalMetrics,
  ) {}

  /** Takes a connection slot for `address`; false when it has none left (the socket is to be closed). */
  admit(address: string): boolean {
    const open = this.openByAddress.get(address) ?? 0;
    if (open >= this.limits.maxConnectionsPerAddress) {
      this.refusals?.refusedOperations.inc({ code: 'TOO_MANY_CONNECTIONS' });
      return false;
    }
    this.openByAddress.set(address, open + 1);
    return true;
  }

  /** Gives back the slot of a connection `admit` let in. */
  release(address: string): void {
    const open = (this.openByAddress.get(address) ?? 1) - 1;
    if (open <= 0) this.openByAddress.delete(address);
    else this.openByAddress.set(address, open);
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
