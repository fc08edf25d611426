import { Prisma, type PrismaClient, type Account as AccountRow } from '../../../prisma/auth/client/client';
import { ROLES } from '../../../runtime/auth/identity';
import type { RevocationWriter } from '../../../runtime/auth/revocations/revocation-writer';
import { DomainError, notFound } from '../../../runtime/errors';
import { accountDeleted, accountRegistered, rolesChanged } from '../../../runtime/events/contracts';
import { recordEvent } from '../../../runtime/events/outbox';
import { isUniqueViolation } from '../../../runtime/stores/prisma';
import type { Account } from '../entities/account';
import type { Role } from '../entities/role';
import type { GoogleIdentity } from '../security/google-id-token';
import { revokeSessions, type RevocationReason } from './session.store';

export type { AccountRow };

const emailTaken = () => new DomainError('CONFLICT', 'An account with this email already exists', { field: 'email' });

const lastAdmin = () => new DomainError('CONFLICT', 'This is the last admin account: make another account ADMIN first', { reason: 'LAST_ADMIN' });

/** Roles in one canonical order, so a change is easy to compare and read. */
const canonical = (roles: Role[]) => ROLES.filter((role) => roles.includes(role)) as Role[];

/** Accounts in the `auth` PostgreSQL schema; passwords are stored only as argon2id hashes. */
export class AccountStore {
  /**
   * @param revocations where role changes and deletions reach access tokens already issued; null only for the
   * offline scripts (create-admin, seed), which never delete and only grant: a grant there reaches a token at its next
   * refresh, and a role revoked through the API less than an access token's life before stays capped until then.
   */
  constructor(
    private readonly prisma: PrismaClient,
    private readonly revocations: RevocationWriter | null,
  ) {}

  async findByIds(ids: readonly string[]): Promise<Account[]> {
    const rows = await this.prisma.account.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toAccount);
  }

  /** The accounts among `ids` that hold STAFF or ADMIN, with their roles; unknown ids and customers are left out. */
  async staffAmong(ids: readonly string[]): Promise<Array<{ id: string; roles: Role[] }>> {
    if (ids.length === 0) return [];
    const rows = await this.prisma.account.findMany({
      where: { id: { in: [...new Set(ids)] }, roles: { hasSome: ['STAFF', 'ADMIN'] } },
      select: { id: true, roles: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => ({ id: row.id, roles: canonical(row.roles) }));
  }

  /** The full row (with the password hash), for sign-in; never returned to clients as such. */
  findRowByEmail(email: string): Promise<AccountRow | null> {
    return this.prisma.account.findUnique({ where: { email } });
  }

  findRowById(id: string): Promise<AccountRow | null> {
    return this.prisma.account.findUnique({ where: { id } });
  }

  /** Creates a CUSTOMER account and, in the same transaction, its `auth.account.registered` event. */
  async register(email: string, passwordHash: string): Promise<Account> {
    try {
      return await this.prisma.$transaction(async (tx) => {
        const row = await tx.account.create({ data: { email, passwordHash } });
        await recordEvent(tx.outboxEvent, accountRegistered, { accountId: row.id, email: row.email });
        return toAccount(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw emailTaken();
      throw error;
    }
  }

  /**
   * The account of a Google identity: the one already linked to its `sub`, else the one with its (verified)
   * email, which gets linked, else a new passwordless CUSTOMER account.
   */
  async forGoogleIdentity(identity: GoogleIdentity): Promise<AccountRow> {
    try {
      return await this.linkOrCreate(identity);
    } catch (error) {
      // Two first sign-ins at once: the loser finds what the winner created.
      if (isUniqueViolation(error)) return this.linkOrCreate(identity);
      throw error;
    }
  }

  private linkOrCreate({ sub, email }: GoogleIdentity): Promise<AccountRow> {
    return this.prisma.$transaction(async (tx) => {
      const linked = await tx.account.findUnique({ where: { googleSub: sub } });
      if (linked) return linked;
      const byEmail = await tx.account.findUnique({ where: { email } });
      if (byEmail) {
        if (byEmail.googleSub !== null) {
          throw new DomainError('CONFLICT', 'This email belongs to an account linked to another Google account', { field: 'idToken' });
        }
        return tx.account.update({ where: { id: byEmail.id }, data: { googleSub: sub } });
      }
      const created = await tx.account.create({ data: { email, googleSub: sub } });
      await recordEvent(tx.outboxEvent, accountRegistered, { accountId: created.id, email: created.email });
      return created;
    });
  }

  /** Replaces the password hash and revokes sessions (all, or all but `keepSessionId`) in one transaction. */
  async replacePassword(accountId: string, passwordHash: string, reason: RevocationReason, keepSessionId?: string): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      await tx.account.update({ where: { id: accountId }, data: { passwordHash } });
      return revokeSessions(tx, this.writer(), accountId, reason, keepSessionId);
    });
  }

  grantRole(accountId: string, role: Role, changedBy: string): Promise<Account> {
    return this.changeRoles(accountId, changedBy, (roles) => [...roles, role]);
  }

  revokeRole(accountId: string, role: Role, changedBy: string): Promise<Account> {
    return this.changeRoles(accountId, changedBy, (roles) => roles.filter((held) => held !== role));
  }

  /** Deletes the account with its sessions and reset tokens, and records `auth.account.deleted`. */
  async delete(accountId: string): Promise<void> {
    await this.prisma.$transaction(async (tx) => {
      const { target, admins } = await lockForRoleChange(tx, accountId);
      if (target.roles.includes('ADMIN') && admins <= 1) throw lastAdmin();
      await tx.account.delete({ where: { id: accountId } });
      await recordEvent(tx.outboxEvent, accountDeleted, { accountId });
      // Last, once the deletion is sure to be allowed: a refused deletion must not sign the account out.
      await this.writer().account(accountId);
    });
  }

  private changeRoles(accountId: string, changedBy: string, change: (roles: Role[]) => Role[]): Promise<Account> {
    return this.prisma.$transaction(async (tx) => {
      const { target, admins } = await lockForRoleChange(tx, accountId);
      const previous = canonical(target.roles);
      const next = canonical(change(previous));
      if (previous.includes('ADMIN') && !next.includes('ADMIN') && admins <= 1) throw lastAdmin();
      if (next.join() === previous.join()) return toAccount(target);
      const row = await tx.account.update({ where: { id: accountId }, data: { roles: next } });
      await recordEvent(tx.outboxEvent, rolesChanged, { accountId, roles: next, previousRoles: previous, changedBy });
      // While the account's row is locked: concurrent changes of one account reach Redis in the order they commit.
      await this.revocations?.roles(accountId, next);
      return toAccount(row);
    });
  }

  private writer(): RevocationWriter {
    if (!this.revocations) throw new Error('Revoking access tokens needs Redis (a RevocationWriter), which the offline scripts do not have');
    return this.revocations;
  }

  /** The stored hash, for tests; never exposed in the schema. */
  async passwordHashOf(id: string): Promise<string | null> {
    const row = await this.prisma.account.findUnique({ where: { id }, select: { passwordHash: true } });
    return row?.passwordHash ?? null;
  }
}

/**
 * Locks every ADMIN row (in id order, so concurrent changes queue instead of deadlocking) and then the
 * target, so "is this the last admin?" stays true until the transaction ends: two admins demoting each
 * other at once cannot both succeed.
 */
async function lockForRoleChange(tx: Prisma.TransactionClient, accountId: string): Promise<{ target: AccountRow; admins: number }> {
  const admins = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT id FROM "auth"."accounts" WHERE 'ADMIN' = ANY(roles) ORDER BY id FOR UPDATE`;
  const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "auth"."accounts" WHERE id = ${accountId} FOR UPDATE`;
  if (locked.length === 0) throw notFound('Account', accountId);
  const target = await tx.account.findUniqueOrThrow({ where: { id: accountId } });
  return { target, admins: admins.length };
}

export function toAccount(row: AccountRow): Account {
  return { id: row.id, email: row.email, roles: row.roles, profile: { id: row.id }, createdAt: row.createdAt };
}
