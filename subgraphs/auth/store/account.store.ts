import { hash } from '@node-rs/argon2';
import { Prisma, type PrismaClient, type Account as AccountRow } from '../../../prisma/auth/client/client';
import { DomainError } from '../../../runtime/errors';
import { normaliseEmail } from '../../../runtime/validation';
import type { Account } from '../entities/account';
import type { RegisterAccountInput } from '../inputs/register-account.input';

const UNIQUE_VIOLATION = 'P2002';

/** Accounts in the `auth` PostgreSQL schema; passwords are stored only as argon2id hashes. */
export class AccountStore {
  constructor(private readonly prisma: PrismaClient) {}

  async findByIds(ids: readonly string[]): Promise<Account[]> {
    const rows = await this.prisma.account.findMany({ where: { id: { in: [...ids] } } });
    return rows.map(toAccount);
  }

  async register(input: RegisterAccountInput): Promise<Account> {
    const passwordHash = await hash(input.password);
    try {
      return toAccount(await this.prisma.account.create({ data: { email: normaliseEmail(input.email), passwordHash } }));
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION) {
        throw new DomainError('CONFLICT', 'An account with this email already exists', { field: 'email' });
      }
      throw error;
    }
  }

  /** The stored hash, for tests and the later sign-in flow; never exposed in the schema. */
  async passwordHashOf(id: string): Promise<string | null> {
    const row = await this.prisma.account.findUnique({ where: { id }, select: { passwordHash: true } });
    return row?.passwordHash ?? null;
  }
}

function toAccount(row: AccountRow): Account {
  return { id: row.id, email: row.email, roles: row.roles, profile: { id: row.id }, createdAt: row.createdAt };
}
