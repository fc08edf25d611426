import type { PrismaClient } from '../../../prisma/auth/client/client';
import type { RevocationWriter } from '../../../runtime/auth/revocations/revocation-writer';
import { DomainError } from '../../../runtime/errors';
import { passwordResetRequested } from '../../../runtime/events/contracts';
import { recordEvent } from '../../../runtime/events/outbox';
import { seal, type SealingKey } from '../../../runtime/mail/sealed-secret';
import { hashOpaqueToken, looksLikeOpaqueToken, newOpaqueToken } from '../security/opaque-tokens';
import { revokeSessions } from './session.store';

type ResetFailure = 'INVALID' | 'USED' | 'EXPIRED';

const MESSAGES: Record<ResetFailure, string> = {
  INVALID: 'This password reset link is not valid',
  USED: 'This password reset link has already been used; request a new one',
  EXPIRED: 'This password reset link has expired; request a new one',
};

const resetFailure = (reason: ResetFailure) => new DomainError('BAD_USER_INPUT', MESSAGES[reason], { field: 'token', reason: `RESET_TOKEN_${reason}` });

/** One-time password reset tokens; only their SHA-256 is stored. */
export class PasswordResetStore {
  constructor(
    private readonly prisma: PrismaClient,
    private readonly revocations: RevocationWriter,
    private readonly ttlSeconds: number,
    /** Seals the token for the mailer: it never rests or travels in plain text. */
    private readonly sealingKey: SealingKey,
  ) {}

  /**
   * For an existing account: a new token, handed over sealed (bound to the account id) in
   * `auth.password_reset.requested`, written in the same transaction; only its hash is kept here. For an unknown
   * email: nothing, and the caller cannot tell the difference.
   */
  async request(email: string): Promise<void> {
    const account = await this.prisma.account.findUnique({ where: { email }, select: { id: true, email: true } });
    if (!account) return;
    const token = newOpaqueToken();
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    await this.prisma.$transaction(async (tx) => {
      await tx.passwordReset.create({ data: { accountId: account.id, tokenHash: hashOpaqueToken(token), expiresAt } });
      const sealedToken = seal(this.sealingKey, token, account.id);
      await recordEvent(tx.outboxEvent, passwordResetRequested, {
        accountId: account.id,
        email: account.email,
        sealedToken,
        expiresAt: expiresAt.toISOString(),
      });
    });
  }

  /** The account a usable token resets (to check the new password against its email first); throws otherwise. */
  async accountFor(token: string): Promise<{ accountId: string; email: string }> {
    if (!looksLikeOpaqueToken(token)) throw resetFailure('INVALID');
    const row = await this.prisma.passwordReset.findUnique({ where: { tokenHash: hashOpaqueToken(token) }, include: { account: true } });
    if (!row) throw resetFailure('INVALID');
    if (row.usedAt) throw resetFailure('USED');
    if (row.expiresAt <= new Date()) throw resetFailure('EXPIRED');
    return { accountId: row.accountId, email: row.account.email };
  }

  /**
   * Spends the token (once, even under concurrency), sets the new password hash, voids the account's other
   * reset tokens and revokes all its sessions, in one transaction. Returns how many sessions were revoked.
   */
  async complete(token: string, passwordHash: string): Promise<number> {
    const tokenHash = hashOpaqueToken(token);
    const now = new Date();
    return this.prisma.$transaction(async (tx) => {
      const spent = await tx.passwordReset.updateMany({ where: { tokenHash, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
      const row = await tx.passwordReset.findUnique({ where: { tokenHash } });
      if (!row) throw resetFailure('INVALID');
      if (spent.count === 0) throw resetFailure(row.usedAt ? 'USED' : 'EXPIRED');
      await tx.account.update({ where: { id: row.accountId }, data: { passwordHash } });
      await tx.passwordReset.updateMany({ where: { accountId: row.accountId, usedAt: null }, data: { usedAt: now } });
      return revokeSessions(tx, this.revocations, row.accountId, 'password_reset');
    });
  }
}
