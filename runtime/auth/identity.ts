/** The shop's roles, granted by the auth subgraph and carried in access tokens. */
export const ROLES = ['CUSTOMER', 'STAFF', 'ADMIN'] as const;
export type RoleName = (typeof ROLES)[number];

/** Who is calling, as a verified access token says; null in a context means anonymous. */
export interface Identity {
  accountId: string;
  roles: RoleName[];
  /** The sign-in session (refresh-token family) the token belongs to. */
  sessionId?: string;
  email?: string;
  /** When the access token stops being valid; long-lived connections (subscriptions) check it again per event. */
  expiresAt?: Date;
}

export const hasAnyRole = (identity: Identity | null, roles: readonly RoleName[]) => identity !== null && identity.roles.some((role) => roles.includes(role));

/** Staff and admins manage the shop; both may see what customers own. */
export const isStaff = (identity: Identity | null) => hasAnyRole(identity, ['STAFF', 'ADMIN']);

/** False once the token behind this identity has expired; identities without an expiry never do. */
export const isStillValid = (identity: Identity, now: number = Date.now()) => identity.expiresAt === undefined || identity.expiresAt.getTime() > now;
