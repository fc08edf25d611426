import type { Identity } from '../../../runtime/auth/identity';
import { unauthenticatedError } from '../../../runtime/auth/rules';
import type { AuthContext } from '../context';

/** The signed-in caller. permissions.ts already requires one; this keeps a resolver safe on its own. */
export function caller({ identity }: AuthContext): Identity {
  if (!identity) throw unauthenticatedError();
  return identity;
}
