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
}

export const hasAnyRole = (identity: Identity | null, roles: readonly RoleName[]) =>
  identity !== null && identity.roles.some((role) => roles.includes(role));

/** Staff and admins manage the shop; both may see what customers own. */
export const isStaff = (identity: Identity | null) => hasAnyRole(identity, ['STAFF', 'ADMIN']);
