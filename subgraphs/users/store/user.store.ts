import { Prisma, type PrismaClient } from '../../../prisma/users/client/client';
import { DomainError } from '../../../runtime/errors';
import type { User } from '../entities/user';
import type { ProfilePatch } from '../inputs/profile.input';
import { emailOrNull, newProfile, searchNameOf } from './profile-defaults';
import type { UserCursor } from './user-cursor';

const RECORD_NOT_FOUND = 'P2025';

/** Prisma's `startsWith` passes `%` and `_` through to LIKE: escape them (and the escape character) to match literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (char) => `\\${char}`);

export const profileDeleted = () => new DomainError('NOT_FOUND', 'This profile was deleted with its account');

export interface UserPageRequest {
  first: number;
  after: UserCursor | null;
  /** Lower-case prefix of the email or display name; null lists everyone. */
  search: string | null;
}

export interface UserPage {
  users: User[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Profiles in the `users` PostgreSQL schema. */
export class UserStore {
  constructor(private readonly prisma: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<User[]> {
    return this.prisma.user.findMany({ where: { id: { in: [...ids] } } });
  }

  /**
   * The caller's profile, created from their token if no event has created it yet. INSERT … ON CONFLICT
   * DO NOTHING makes concurrent first requests (and a registration event arriving meanwhile) safe.
   */
  async ensureProfile(caller: { accountId: string; email?: string }): Promise<User> {
    const email = emailOrNull(caller.email);
    await this.prisma.user.createMany({ data: [newProfile(caller.accountId, email)], skipDuplicates: true });
    if (email) {
      // A profile made from a token without an email learns it from the first token that has one.
      await this.prisma.user.updateMany({ where: { id: caller.accountId, email: null, deletedAt: null }, data: { email } });
    }
    return this.prisma.user.findUniqueOrThrow({ where: { id: caller.accountId } });
  }

  async updateProfile(userId: string, patch: ProfilePatch): Promise<User> {
    const data = { ...patch, ...(patch.displayName !== undefined ? { searchName: searchNameOf(patch.displayName) } : {}) };
    try {
      return await this.prisma.user.update({ where: { id: userId, deletedAt: null }, data });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === RECORD_NOT_FOUND) throw profileDeleted();
      throw error;
    }
  }

  /**
   * One page of live profiles, newest first (id breaks ties), resuming strictly after the cursor (keyset
   * pagination: no page overlaps or skips rows while others are added). The search is a prefix match on
   * the lower-case email or display name: `LIKE 'prefix%'`, which PostgreSQL serves from the SP-GiST
   * indexes on both columns (as the starts-with operator `^@`, whatever the database's collation).
   */
  async list({ first, after, search }: UserPageRequest): Promise<UserPage> {
    const prefix = search ? escapeLike(search) : null;
    const matching: Prisma.UserWhereInput = {
      deletedAt: null,
      ...(prefix ? { OR: [{ email: { startsWith: prefix } }, { searchName: { startsWith: prefix } }] } : {}),
    };
    const afterCursor: Prisma.UserWhereInput = after
      ? { OR: [{ createdAt: { lt: after.createdAt } }, { createdAt: after.createdAt, id: { lt: after.id } }] }
      : {};
    const [rows, totalCount] = await Promise.all([
      // One row more than asked tells whether another page follows.
      this.prisma.user.findMany({ where: { AND: [matching, afterCursor] }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: first + 1 }),
      this.prisma.user.count({ where: matching }),
    ]);
    return { users: rows.slice(0, first), hasNextPage: rows.length > first, totalCount };
  }
}
