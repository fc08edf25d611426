import type { Identity } from './identity';
import { unauthenticatedError } from './rules';

/**
 * The signed-in caller, for resolvers whose permission rule already requires one: it keeps a resolver safe on
 * its own (UNAUTHENTICATED, never a TypeError on null) and its types honest.
 */
export function signedIn(identity: Identity | null): Identity {
  if (!identity) throw unauthenticatedError();
  return identity;
}
