import { allow, deny, rule } from 'graphql-shield';
import type { IRule } from 'graphql-shield';
import { DomainError } from '../errors';
import { hasAnyRole, type Identity, type RoleName } from './identity';

export { allow, deny };

interface WithIdentity {
  identity: Identity | null;
}

export const unauthenticatedError = () => new DomainError('UNAUTHENTICATED', 'Sign in to do this');
export const forbiddenError = () => new DomainError('FORBIDDEN', 'You are not allowed to do this');

/** Any signed-in caller. */
export const isAuthenticated = rule('isAuthenticated', { cache: 'contextual' })((_parent, _args, context: WithIdentity) =>
  context.identity ? true : unauthenticatedError(),
);

const roleRules = new Map<string, IRule>();

/** A caller with one of these roles. Memoised: graphql-shield refuses two different rules with one name. */
export function hasRole(...roles: RoleName[]): IRule {
  const name = `hasRole(${[...roles].sort().join(',')})`;
  let existing = roleRules.get(name);
  if (!existing) {
    existing = rule(name, { cache: 'contextual' })((_parent, _args, context: WithIdentity) => {
      if (!context.identity) return unauthenticatedError();
      return hasAnyRole(context.identity, roles) ? true : forbiddenError();
    });
    roleRules.set(name, existing);
  }
  return existing;
}

export const isStaff = hasRole('STAFF', 'ADMIN');
export const isAdmin = hasRole('ADMIN');

const serviceRules = new Map<string, IRule>();

/** Only the service `name` calling as itself (see service-caller.ts); customers, staff and other services are FORBIDDEN. */
export function isService(name: string): IRule {
  let existing = serviceRules.get(name);
  if (!existing) {
    existing = rule(`isService(${name})`, { cache: 'contextual' })((_parent, _args, context: { callerService: string | null }) =>
      context.callerService === name ? true : forbiddenError(),
    );
    serviceRules.set(name, existing);
  }
  return existing;
}

/** Whether `rule` is an `isService` rule: its field is for one service calling as itself, never for clients. */
export const isServiceOnlyRule = (rule: unknown): boolean => [...serviceRules.values()].includes(rule as IRule);

const ownerRules = new Map<string, { ownerOf: unknown; rule: IRule }>();

/**
 * The caller owns what the rule looks at (staff and admins pass too): `ownerOf` reads the owning
 * account id from the parent object (entity fields) or the arguments (root fields).
 */
export function isOwnerOrStaff<TParent, TArgs>(name: string, ownerOf: (parent: TParent, args: TArgs) => string | null | undefined): IRule {
  const existing = ownerRules.get(name);
  if (existing) {
    // Several subgraphs share one process in tests: one name must never stand for two different checks.
    if (existing.ownerOf !== ownerOf) throw new Error(`isOwnerOrStaff("${name}") is already defined with another owner function`);
    return existing.rule;
  }
  // The answer depends on the caller (one per request, as the rule cache is) and the owner only, so the owner is the
  // cache key: 'strict' would hash the whole parent (an order with its lines) for every field of every object.
  const ownerKey = (parent: unknown, args: unknown) => JSON.stringify(ownerOf(parent as TParent, args as TArgs) ?? null);
  const created = rule(`isOwnerOrStaff(${name})`, { cache: ownerKey })((parent, args, context: WithIdentity) => {
    if (!context.identity) return unauthenticatedError();
    if (hasAnyRole(context.identity, ['STAFF', 'ADMIN'])) return true;
    return ownerOf(parent as TParent, args as TArgs) === context.identity.accountId ? true : forbiddenError();
  });
  ownerRules.set(name, { ownerOf, rule: created });
  return created;
}
