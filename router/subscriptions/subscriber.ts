import type { Identity } from '../../runtime/auth/identity';
import type { HydratedOrder } from './gateway-queries';
import type { OrderEvent } from './order-event';
import type { OrderFeed, OrderSubscriptionField } from './order-subscription';
import type { ResumeGate } from './resume-gate';
import type { SubscriptionStream } from './subscription-stream';

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
  field: OrderSubscriptionField;
  /** The alias or field name the client expects its data under. */
  responseKey: string;
  /** Equal for subscribers that may share one hydration per event: same selection, variables and principal. */
  hydrationKey: string;
  /** The order as the gateway shows it to this subscriber now, with errors for what could not be read. Never rejects. */
  hydrate: (orderId: string) => Promise<HydratedOrder>;
  /** This subscriber's result for an event and its hydrated order, as the JSON of a `next` payload. */
  payload: (event: OrderEvent, hydrated: HydratedOrder) => string;
  /** Sends one result, given as the JSON of its `next` payload; false when the client is gone. */
  send: (payload: string) => boolean;
  stream: SubscriptionStream;
  /** A resumed subscription's seam between its replay and its live events (see ResumeGate). */
  gate?: ResumeGate;
  /**
   * A resumed subscription replays in a group of its own (`hydrationKey` is its alone), then joins the group of
   * this key, shared with identical subscribers, once nothing of its own is left to send.
   */
  sharedHydrationKey?: string;
}

/** Account and roles: what the gateway's answers depend on (two tokens of one account see the same). */
export const principalKey = (identity: Identity) => `${identity.accountId}|${[...identity.roles].sort().join(',')}`;
