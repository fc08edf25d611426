import type { Identity } from '../identity';
import type { Revocation } from './revocation';

/**
 * What a token verifier asks of the revocations on every request, after the signature (or the verified-token
 * cache) said yes: the identity as it may still be used (roles the account lost taken out), `revoked`, or
 * `unknown` when this instance cannot be sure it holds every revocation (see revocation-feed.ts).
 */
export interface TokenRevocations {
  admit(identity: Identity, now?: number): Identity | 'revoked' | 'unknown';
}

/**
 * The revocations in memory: a few map lookups per request, never a store round trip. Entries past their
 * `until` are ignored at once and dropped by `prune`.
 */
export class RevocationList implements TokenRevocations {
  private readonly sessions = new Map<string, number>();
  private readonly accounts = new Map<string, number>();
  private readonly roles = new Map<string, Extract<Revocation, { kind: 'roles' }>>();

  add(revocation: Revocation): void {
    switch (revocation.kind) {
      case 'session':
        this.sessions.set(revocation.sessionId, Math.max(revocation.until, this.sessions.get(revocation.sessionId) ?? 0));
        return;
      case 'account':
        this.accounts.set(revocation.accountId, Math.max(revocation.until, this.accounts.get(revocation.accountId) ?? 0));
        return;
      case 'roles': {
        // Changes can arrive out of order (a reload's snapshot after a newer message): the newest version wins.
        const known = this.roles.get(revocation.accountId);
        if (!known || known.version < revocation.version) this.roles.set(revocation.accountId, revocation);
        return;
      }
    }
  }

  admit(identity: Identity, now: number = Date.now()): Identity | 'revoked' {
    if (identity.sessionId !== undefined && (this.sessions.get(identity.sessionId) ?? 0) > now) return 'revoked';
    if ((this.accounts.get(identity.accountId) ?? 0) > now) return 'revoked';
    const held = this.roles.get(identity.accountId);
    if (!held || held.until <= now) return identity;
    return { ...identity, roles: identity.roles.filter((role) => held.roles.includes(role)) };
  }

  prune(now: number = Date.now()): void {
    for (const [id, until] of this.sessions) if (until <= now) this.sessions.delete(id);
    for (const [id, until] of this.accounts) if (until <= now) this.accounts.delete(id);
    for (const [id, entry] of this.roles) if (entry.until <= now) this.roles.delete(id);
  }

  get size(): number {
    return this.sessions.size + this.accounts.size + this.roles.size;
  }
}
