import type { ExecutionResult } from 'graphql';
import type { Identity } from '../../runtime/auth/identity';
import type { OrderFeed } from './order-subscription';
import type { ResultQueue } from './result-queue';

/** Who opened a WebSocket connection, as its connectionParams said (verified once, at connect). */
export interface Principal {
  identity: Identity | null;
  /** The `Bearer …` value, forwarded on every query the router makes on the subscriber's behalf. */
  authorization?: string;
  clientAddress: string;
}

/** One open subscription, as the fan-out sees it. */
export interface Subscriber {
  feed: OrderFeed;
  identity: Identity;
  /** Equal for subscribers that may share one hydration per event: same query, variables and principal. */
  hydrationKey: string;
  /** The subscriber's selection of this order, shaped as its subscription result; null when there is nothing to send. */
  hydrate: (orderId: string) => Promise<ExecutionResult | null>;
  queue: ResultQueue;
}

/** Account and roles: what the gateway's answers depend on (two tokens of one account see the same). */
export const principalKey = (identity: Identity) => `${identity.accountId}|${[...identity.roles].sort().join(',')}`;
