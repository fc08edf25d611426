import type { Prisma, PrismaClient } from '../../../prisma/auth/client/client';
import type { RevocationWriter } from '../../../runtime/auth/revocations/revocation-writer';
import { DomainError } from '../../../runtime/errors';
import { hashOpaqueToken, looksLikeOpaqueToken, newOpaqueToken } from '../security/opaque-tokens';

export type RevocationReason = 'logout' | 'logout_everywhere' | 'refresh_token_reuse' | 'password_change' | 'password_reset';

export interface IssuedRefreshToken {
  sessionId: string;
  refreshToken: string;
  expiresAt: Date;
}

type RotationOutcome = { ok: true; accountId: string; issued: IssuedRefreshToken } | { ok: false; reason: 'UNKNOWN' | 'REUSED' | 'REVOKED' | 'EXPIRED' };

const FAILURES = {
  UNKNOWN: 'The refresh token is not valid',
  REUSED: 'Refresh token reuse detected: the session has been revoked; sign in again',
  REVOKED: 'The session has been signed out; sign in again',
  EXPIRED: 'The refresh token has expired; sign in again',
} as const;

const refreshFailure = (reason: keyof typeof FAILURES) => new DomainError('UNAUTHENTICATED', FAILURES[reason], { reason: `REFRESH_TOKEN_${reason}` });

/**
 * Revokes the account's live sessions (all, or all but one) inside `tx`, their access tokens with them (recorded in
 * Redis before `tx` commits: see RevocationWriter); returns how many.
 */
export async function revokeSessions(
  tx: Prisma.TransactionClient,
  revocations: RevocationWriter,
  accountId: string,
  reason: RevocationReason,
  exceptSessionId?: string,
): Promise<number> {
  const live = await tx.session.findMany({
    where: { accountId, revokedAt: null, ...(exceptSessionId ? { id: { not: exceptSessionId } } : {}) },
    select: { id: true },
  });
  if (live.length === 0) return 0;
  const ids = live.map((session) => session.id);
  // A session revoked meanwhile by a concurrent call is not counted twice; its tokens are revoked by both (harmless).
  const { count } = await tx.session.updateMany({ where: { id: { in: ids }, revokedAt: null }, data: { revokedAt: new Date(), revokedReason: reason } });
  await revocations.sessions(ids);
  return count;
}

/**
 * Sessions and their refresh tokens. A session is one refresh-token family: every refresh spends the
 * token presented and issues the next one; presenting a spent one means it leaked (or was stolen), so
 * the whole family is revoked.
 */
export class SessionStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly revocations: RevocationWriter,
    private readonly refreshTtlSeconds: number,
  ) {}

  async start(accountId: string): Promise<IssuedRefreshToken> {
    return this.prisma.$transaction(async (tx) => {
      const session = await tx.session.create({ data: { accountId } });
      return this.issue(tx, session.id, new Date());
    });
  }

  /** Spends `refreshToken` and issues the next of its family; throws UNAUTHENTICATED (with a `reason`) otherwise. */
  async rotate(refreshToken: string): Promise<{ accountId: string; issued: IssuedRefreshToken }> {
    if (!looksLikeOpaqueToken(refreshToken)) throw refreshFailure('UNKNOWN');
    const tokenHash = hashOpaqueToken(refreshToken);
    const now = new Date();
    const outcome = await this.prisma.$transaction(async (tx): Promise<RotationOutcome> => {
      // One conditional update decides: of two concurrent refreshes with the same token, exactly one wins.
      const spent = await tx.refreshToken.updateMany({
        where: { tokenHash, usedAt: null, expiresAt: { gt: now }, session: { revokedAt: null } },
        data: { usedAt: now },
      });
      const row = await tx.refreshToken.findUnique({ where: { tokenHash }, include: { session: true } });
      if (spent.count === 1 && row) return { ok: true, accountId: row.session.accountId, issued: await this.issue(tx, row.sessionId, now) };
      if (!row) return { ok: false, reason: 'UNKNOWN' };
      if (row.usedAt) {
        await tx.session.updateMany({ where: { id: row.sessionId, revokedAt: null }, data: { revokedAt: now, revokedReason: 'refresh_token_reuse' } });
        // Whoever holds the family's access tokens (the thief, or the victim) loses them too. Without Redis the
        // family still ends here (no more refreshes): its access tokens then live until they expire.
        await this.revocations.sessions([row.sessionId]).catch(() => undefined);
        return { ok: false, reason: 'REUSED' };
      }
      return { ok: false, reason: row.session.revokedAt ? 'REVOKED' : 'EXPIRED' };
    });
    // Thrown after the commit: the revocation of a reused family must stick.
    if (!outcome.ok) throw refreshFailure(outcome.reason);
    return outcome;
  }

  /**
   * Revokes one session of the account (the caller's current one, on logout) with its access tokens. Those are
   * recorded as revoked even when the session already was (a repeated logout): cheap, and never one too few.
   */
  async revoke(accountId: string, sessionId: string, reason: RevocationReason): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.session.updateMany({
        where: { id: sessionId, accountId, revokedAt: null },
        data: { revokedAt: new Date(), revokedReason: reason },
      });
      await this.revocations.sessions([sessionId]);
      return count;
    });
  }

  revokeAll(accountId: string, reason: RevocationReason): Promise<number> {
    return this.prisma.$transaction((tx) => revokeSessions(tx, this.revocations, accountId, reason));
  }

  /** Whether the session exists and is not revoked (for tests and diagnostics). */
  async isLive(sessionId: string): Promise<boolean> {
    const session = await this.prisma.session.findUnique({ where: { id: sessionId }, select: { revokedAt: true } });
    return session !== null && session.revokedAt === null;
  }

  private async issue(tx: Prisma.TransactionClient, sessionId: string, now: Date): Promise<IssuedRefreshToken> {
    const refreshToken = newOpaqueToken();
    const expiresAt = new Date(now.getTime() + this.refreshTtlSeconds * 1000);
    await tx.refreshToken.create({ data: { sessionId, tokenHash: hashOpaqueToken(refreshToken), expiresAt } });
    return { sessionId, refreshToken, expiresAt };
  }
}
