import { Prisma, type PrismaClient } from '../../../prisma/users/client/client';
import { DomainError, notFound } from '../../../runtime/errors';
import { normaliseEmail } from '../../../runtime/validation';
import type { Address } from '../entities/address';
import type { User } from '../entities/user';
import type { AddAddressInput } from '../inputs/add-address.input';
import type { CreateUserInput } from '../inputs/create-user.input';

const UNIQUE_VIOLATION = 'P2002';

/** Profiles and addresses in the `users` PostgreSQL schema. */
export class UserStore {
  constructor(private readonly prisma: PrismaClient) {}

  findByIds(ids: readonly string[]): Promise<User[]> {
    return this.prisma.user.findMany({ where: { id: { in: [...ids] } } });
  }

  /** Addresses of many users in one query, default first, then oldest first. */
  addressesOf(userIds: readonly string[]): Promise<(Address & { userId: string })[]> {
    return this.prisma.address.findMany({
      where: { userId: { in: [...userIds] } },
      orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }],
    });
  }

  async create(input: CreateUserInput): Promise<User> {
    try {
      return await this.prisma.user.create({
        data: { id: input.id, email: normaliseEmail(input.email), displayName: input.displayName.trim(), phone: input.phone ?? null },
      });
    } catch (error) {
      if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === UNIQUE_VIOLATION) {
        throw new DomainError('CONFLICT', 'A profile with this id or email already exists', { field: 'email' });
      }
      throw error;
    }
  }

  /** Adds an address; the user's first one, or one marked default, becomes the only default, in one transaction. */
  addAddress(userId: string, input: AddAddressInput): Promise<Address> {
    return this.prisma.$transaction(async (tx) => {
      const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
      if (!user) throw notFound('User', userId);
      const isDefault = input.isDefault || (await tx.address.count({ where: { userId } })) === 0;
      if (isDefault) await tx.address.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
      return tx.address.create({
        data: {
          userId,
          label: input.label ?? null,
          recipient: input.recipient.trim(),
          line1: input.line1.trim(),
          line2: input.line2 ?? null,
          city: input.city.trim(),
          postalCode: input.postalCode.trim(),
          country: input.country,
          isDefault,
        },
      });
    });
  }
}
