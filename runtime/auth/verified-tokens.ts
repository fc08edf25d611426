import type { Identity } from './identity';

/**
 * Identities of access tokens whose signature and claims were checked recently, by the exact token text.
 * Every request is verified by the router and again by each subgraph it reaches, and a signed-in client sends
 * the same token for up to 15 minutes: checking an ES256 signature each time was a large share of the
 * router's CPU under load (`npm run bench`). A hit is the same answer a new check would give, except that a key
 * withdrawn from the key set still counts for at most `maxAgeMs` (and never past the token's expiry).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { identity: Identity; until: number }>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly maxAgeMs = 60_000,
  ) {}

  get(token: string, now = Date.now()): Identity | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= now) {
      this.entries.delete(token);
      return undefined;
    }
    // A copy: a caller changing its identity must not change the next caller's.
    return { ...entry.identity, roles: [...entry.identity.roles] };
  }

  set(token: string, identity: Identity, now = Date.now()): void {
    const expires = identity.expiresAt?.getTime() ?? now;
    if (expires <= now) return;
    // Oldest first out (a Map keeps insertion order): bounded however many distinct tokens arrive.
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(token, { identity: { ...identity, roles: [...identity.roles] }, until: Math.min(expires, now + this.maxAgeMs) });
  }
}
