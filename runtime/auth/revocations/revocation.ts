import { ROLES, type RoleName } from '../identity';

/**
 * What the auth service revoked, as every router and subgraph instance holds it in memory:
 * - `session`: every access token of that sign-in session (logout, logoutEverywhere, password change or reset,
 *   refresh-token reuse): the session's refresh token is dead too, so it never gets a new one;
 * - `account`: every access token of that account (deleted: it can never get a new one);
 * - `roles`: the roles the account holds now (after a revocation or grant of a role): a token grants no role
 *   outside them. `version` orders the changes of one account (the newest wins, whatever order they arrive in).
 * Each entry matters only `until` (epoch ms) the last token it concerns has expired.
 */
export type Revocation =
  | { kind: 'session'; sessionId: string; until: number }
  | { kind: 'account'; accountId: string; until: number }
  | { kind: 'roles'; accountId: string; roles: RoleName[]; version: number; until: number };

/** The Redis sorted set of live revocations (member: the encoded entry, score: `until`), loaded at start and on reconnect. */
export const REVOCATIONS_KEY = 'auth:revocations';
/** Where each new revocation is announced to the instances holding the set (Redis pub/sub). */
export const REVOCATIONS_CHANNEL = 'auth:revocations';
/** Orders the role changes (INCR), see `roles` above. */
export const REVOCATIONS_VERSION_KEY = 'auth:revocations:version';

/** The sorted-set member of an entry (its `until` is the score). Ids are UUIDs: never a colon. */
export function encodeRevocation(revocation: Revocation): string {
  switch (revocation.kind) {
    case 'session':
      return `session:${revocation.sessionId}`;
    case 'account':
      return `account:${revocation.accountId}`;
    case 'roles':
      return `roles:${revocation.accountId}:${revocation.version}:${revocation.roles.join(',')}`;
  }
}

const ID = /^[A-Za-z0-9-]{1,64}$/;

/** The entry a member stands for; null for anything malformed (never trusted to mean more than it says). */
export function decodeRevocation(member: string, until: number): Revocation | null {
  if (!Number.isFinite(until)) return null;
  const [kind, id, version, roles, ...rest] = member.split(':');
  if (!ID.test(id ?? '')) return null;
  if (kind === 'session' && version === undefined) return { kind, sessionId: id, until };
  if (kind === 'account' && version === undefined) return { kind, accountId: id, until };
  if (kind !== 'roles' || roles === undefined || rest.length > 0 || !/^\d+$/.test(version)) return null;
  const listed = roles === '' ? [] : roles.split(',');
  if (!listed.every((role) => ROLES.includes(role as RoleName))) return null;
  return { kind, accountId: id, roles: listed as RoleName[], version: Number(version), until };
}

/** What the channel carries: the entries of one write, with their common `until`. */
export interface RevocationMessage {
  until: number;
  members: string[];
}

export function decodeRevocationMessage(text: string): Revocation[] {
  try {
    const message = JSON.parse(text) as Partial<RevocationMessage>;
    if (typeof message.until !== 'number' || !Array.isArray(message.members)) return [];
    return message.members.flatMap((member) => {
      const revocation = typeof member === 'string' ? decodeRevocation(member, message.until!) : null;
      return revocation ? [revocation] : [];
    });
  } catch {
    return [];
  }
}
