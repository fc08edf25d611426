import type { ServerResponse } from 'node:http';
import type { Request } from 'express';
import type { Identity } from '../../runtime/auth/identity';
import { DomainError } from '../../runtime/errors';
import { sendGraphQLError } from '../../runtime/http-errors';
import type { RouterRateLimiter } from './rate-limits';
import type { RefusalMetrics } from './refusal-metrics';

/** The caller's verified identity (null: anonymous); undefined when the token is refused. */
export type VerifiedIdentity = (authorization: string | undefined) => Promise<Identity | null | undefined>;

/**
 * Spends one query of the caller's budget for a request refused before its operation was known (a document
 * too big, unreadable or invalid, a token refused, a batch too long): such requests cost the router work too,
 * and a client sending nothing else must run out of budget as any other. By account when the token is good,
 * else by client address. Resolves with the TOO_MANY_ATTEMPTS refusal to answer instead once the budget is spent.
 */
export class RefusedRequestBudget {
  constructor(
    private readonly limiter: RouterRateLimiter,
    private readonly identify: VerifiedIdentity,
    private readonly metrics?: RefusalMetrics,
  ) {}

  /** For a request Express holds (before Apollo): its token is verified here. */
  async spendFor(req: Request): Promise<DomainError | undefined> {
    const identity = await this.identify(req.headers.authorization).catch(() => undefined);
    return this.spend(identity?.accountId, clientAddressOf(req));
  }

  async spend(accountId: string | undefined, clientAddress: string): Promise<DomainError | undefined> {
    try {
      await this.limiter.consume('query', accountId, clientAddress);
      return undefined;
    } catch (error) {
      if (!(error instanceof DomainError) || error.extensions.code !== 'TOO_MANY_ATTEMPTS') throw error;
      this.metrics?.rateLimited.inc({ operation_class: 'refused', scope: accountId !== undefined ? 'account' : 'address' });
      return error;
    }
  }
}

/** The client's address as the router's context reads it (behind TRUST_PROXY_HOPS proxies). */
export const clientAddressOf = (req: Request) => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** Answers a request with the rate limit's refusal, as the pipeline would: HTTP 429 with Retry-After. */
export function sendBudgetRefusal(res: ServerResponse, refusal: DomainError): void {
  const { retryAfterSeconds, limit } = refusal.extensions as { retryAfterSeconds?: number; limit?: number };
  if (retryAfterSeconds !== undefined) res.setHeader('retry-after', String(retryAfterSeconds));
  sendGraphQLError(res, 429, 'TOO_MANY_ATTEMPTS', refusal.message, { retryAfterSeconds, limit });
}
