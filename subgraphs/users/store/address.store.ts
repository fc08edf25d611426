import type { Prisma, PrismaClient } from '../../../prisma/users/client/client';
import { DomainError } from '../../../runtime/errors';
import type { Address } from '../entities/address';
import { MAX_ADDRESSES_PER_USER, type AddressData } from '../inputs/address.input';
import { lockLiveUser } from './live-user-lock';
import { profileDeleted } from './user.store';

// An address that is not the caller's is "not found" whether it exists or not: ids of other people's
// addresses are neither confirmed nor touched.
const addressNotFound = (id: string) => new DomainError('NOT_FOUND', `Address ${id} was not found among your addresses`, { id });

/** Default first, then oldest first (id breaks ties): the order clients show and the order of promotion. */
const ADDRESS_ORDER: Prisma.AddressOrderByWithRelationInput[] = [{ isDefault: 'desc' }, { createdAt: 'asc' }, { id: 'asc' }];

/**
 * Delivery addresses. Every change that touches the default runs in a transaction holding the user's row
 * lock, so a user with addresses always has exactly one default (the partial unique index
 * `addresses_one_default_per_user` is the database's own guard of "at most one").
 */
export class AddressStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Addresses of many users in one query. */
  addressesOf(userIds: readonly string[]): Promise<Address[]> {
    return this.prisma.address.findMany({ where: { userId: { in: [...userIds] } }, orderBy: ADDRESS_ORDER });
  }

  /** Adds an address; the user's first one, or one asked to be, becomes the only default. */
  add(userId: string, data: AddressData, makeDefault: boolean): Promise<Address> {
    return this.prisma.$transaction(async (tx) => {
      if (!(await lockLiveUser(tx, userId))) throw profileDeleted();
      const count = await tx.address.count({ where: { userId } });
      if (count >= MAX_ADDRESSES_PER_USER) {
        throw new DomainError('CONFLICT', `You already have ${MAX_ADDRESSES_PER_USER} addresses; delete one first`, { max: MAX_ADDRESSES_PER_USER });
      }
      const isDefault = makeDefault || count === 0;
      if (isDefault) await tx.address.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
      return tx.address.create({ data: { ...data, userId, isDefault } });
    });
  }

  /** Changes an address's fields (not which one is the default). */
  async update(userId: string, addressId: string, data: Partial<AddressData>): Promise<Address> {
    if (Object.keys(data).length > 0) {
      const { count } = await this.prisma.address.updateMany({ where: { id: addressId, userId }, data });
      if (count === 0) throw addressNotFound(addressId);
    }
    const address = await this.prisma.address.findFirst({ where: { id: addressId, userId } });
    if (!address) throw addressNotFound(addressId); // deleted in between
    return address;
  }

  /** Deletes an address; when it was the default, the oldest remaining one becomes the default. */
  delete(userId: string, addressId: string): Promise<void> {
    return this.prisma.$transaction(async (tx) => {
      await lockLiveUser(tx, userId);
      const address = await tx.address.findFirst({ where: { id: addressId, userId } });
      if (!address) throw addressNotFound(addressId);
      await tx.address.delete({ where: { id: addressId } });
      if (address.isDefault) {
        const next = await tx.address.findFirst({ where: { userId }, orderBy: ADDRESS_ORDER });
        if (next) await tx.address.update({ where: { id: next.id }, data: { isDefault: true } });
      }
    });
  }

  /** Makes one of the user's addresses the default, and every other one not. */
  setDefault(userId: string, addressId: string): Promise<Address> {
    return this.prisma.$transaction(async (tx) => {
      await lockLiveUser(tx, userId);
      const address = await tx.address.findFirst({ where: { id: addressId, userId } });
      if (!address) throw addressNotFound(addressId);
      if (address.isDefault) return address;
      await tx.address.updateMany({ where: { userId, isDefault: true }, data: { isDefault: false } });
      return tx.address.update({ where: { id: addressId }, data: { isDefault: true } });
    });
  }
}
