import type { Prisma, PrismaClient } from '../../../prisma/users/client/client';
import { anonymised, newProfile } from './profile-defaults';

export interface RegisteredAccount {
  accountId: string;
  email: string;
}

export interface DeletedAccount {
  accountId: string;
}

/**
 * Applies the auth service's account events to profiles. Each change and the record of its event id commit
 * in one transaction: a redelivered event finds its id recorded and changes nothing (false).
 */
export class AccountEventStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** Creates the profile; one that exists already (made lazily, or deleted) is left as it is, but learns a missing email. */
  applyRegistered(eventId: string, type: string, account: RegisteredAccount): Promise<boolean> {
    return this.once(eventId, type, async (tx) => {
      const { count } = await tx.user.createMany({ data: [newProfile(account.accountId, account.email)], skipDuplicates: true });
      if (count === 0) {
        await tx.user.updateMany({ where: { id: account.accountId, email: null, deletedAt: null }, data: { email: account.email } });
      }
    });
  }

  /**
   * Anonymises the profile and deletes its addresses and preferences; the row stays so past orders still
   * resolve a User. A deletion that arrives before the registration leaves a tombstone, so the late
   * registration cannot bring the profile back.
   */
  applyDeleted(eventId: string, type: string, account: DeletedAccount): Promise<boolean> {
    return this.once(eventId, type, async (tx) => {
      const tombstone = { ...newProfile(account.accountId, null), ...anonymised(account.accountId) };
      await tx.user.createMany({ data: [{ ...tombstone, deletedAt: new Date() }], skipDuplicates: true });
      // Updating the row first takes its lock: address changes in flight finish before the deletes below.
      await tx.user.updateMany({ where: { id: account.accountId, deletedAt: null }, data: { ...anonymised(account.accountId), deletedAt: new Date() } });
      await tx.address.deleteMany({ where: { userId: account.accountId } });
      await tx.preferences.deleteMany({ where: { userId: account.accountId } });
    });
  }

  /**
   * Deletes up to `limit` records of events processed before `cutoff`, oldest first (through the processed_at
   * index; EVENTS_DEDUP_RETENTION_SECONDS). An event redelivered after its record is gone is applied again, which
   * changes nothing: a profile is created once, and a deleted one stays deleted.
   */
  async pruneProcessed(cutoff: Date, limit: number): Promise<number> {
    const old = await this.prisma.processedEvent.findMany({
      where: { processedAt: { lt: cutoff } },
      orderBy: { processedAt: 'asc' },
      take: limit,
      select: { id: true },
    });
    if (old.length === 0) return 0;
    const { count } = await this.prisma.processedEvent.deleteMany({ where: { id: { in: old.map((record) => record.id) }, processedAt: { lt: cutoff } } });
    return count;
  }

  /**
   * Runs `change` unless the event was processed before. INSERT … ON CONFLICT DO NOTHING on the event id
   * also serialises two concurrent deliveries of one event: the second waits for the first to commit, then
   * sees the conflict.
   */
  private once(eventId: string, type: string, change: (tx: Prisma.TransactionClient) => Promise<void>): Promise<boolean> {
    return this.prisma.$transaction(async (tx) => {
      const { count } = await tx.processedEvent.createMany({ data: [{ id: eventId, type }], skipDuplicates: true });
      if (count === 0) return false;
      await change(tx);
      return true;
    });
  }
}
