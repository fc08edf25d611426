import type { Prisma } from '../../../prisma/users/client/client';

/**
 * Locks the user's row until the transaction ends, so changes to one user's addresses or preferences run
 * one at a time (the default-address and address-count rules read, then write) and cannot interleave with
 * the account's deletion. False when there is no live (undeleted) profile.
 */
export async function lockLiveUser(tx: Prisma.TransactionClient, userId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "users"."users" WHERE id = ${userId} AND deleted_at IS NULL FOR UPDATE`;
  return rows.length === 1;
}
