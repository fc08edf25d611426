import type { GraphQLError } from 'graphql';
import { DomainError, notFound } from '../../runtime/errors';
import { isStaff, isStillValid, type Identity } from '../../runtime/auth/identity';
import type { TokenRevocations } from '../../runtime/auth/revocations/revocation-list';
import type { OrderEvent } from './order-event';
import type { OrderSubscription } from './order-subscription';

const refused = (code: 'UNAUTHENTICATED' | 'FORBIDDEN', message: string) => new DomainError(code, message);

export const expiredToken = () => refused('UNAUTHENTICATED', 'The access token has expired; reconnect with a fresh one');

/** Whose order it is, as the gateway answers the subscriber (null: unknown); an error carries the gateway's refusal. */
export type OrderOwnerLookup = (orderId: string) => Promise<{ ownerId: string | null } | { error: GraphQLError }>;

/**
 * At subscribe time: `orderUpdates` is for staff and admins; `orderStatusChanged` for the order's customer
 * and staff, as the gateway says (the orders subgraph decides who may read an order) and as its owner id
 * confirms. Null when allowed.
 */
export async function refuseSubscription(subscription: OrderSubscription, identity: Identity | null, ownerOf: OrderOwnerLookup): Promise<GraphQLError | null> {
  if (!identity) return refused('UNAUTHENTICATED', 'Sign in to follow orders: send connectionParams { authorization: "Bearer <token>" }');
  if (!isStillValid(identity)) return expiredToken();
  if (subscription.feed.kind === 'all') return isStaff(identity) ? null : refused('FORBIDDEN', 'Only staff may follow every order');
  const { orderId } = subscription.feed;
  const answer = await ownerOf(orderId);
  if ('error' in answer) return answer.error;
  if (answer.ownerId === null) return notFound('Order', orderId);
  if (answer.ownerId !== identity.accountId && !isStaff(identity)) return refused('FORBIDDEN', 'You may follow only your own orders');
  return null;
}

/**
 * For each event: the token must still be valid and not revoked (a signed-out subscriber is ended like an expired
 * one; a lost STAFF role stops the staff view), and the order the subscriber's own (staff see all). While the
 * revocations cannot be known, nothing is delivered.
 */
export function eventAccess(identity: Identity, event: OrderEvent, now: number = Date.now(), revocations?: TokenRevocations): 'allowed' | 'denied' | 'expired' {
  if (!isStillValid(identity, now)) return 'expired';
  const admitted = revocations ? revocations.admit(identity, now) : identity;
  if (admitted === 'revoked') return 'expired';
  if (admitted === 'unknown') return 'denied';
  return event.accountId === admitted.accountId || isStaff(admitted) ? 'allowed' : 'denied';
}
