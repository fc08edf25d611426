import type { Prisma } from '../../../prisma/auth/client/client';
import { outboxRow, type JsonObject } from '../../../runtime/events/outbox';

/** The auth service's events, with what each carries; consumers rely on these shapes. */
export interface AuthEvents {
  'auth.account.registered': { accountId: string; email: string };
  'auth.roles.changed': { accountId: string; roles: string[]; previousRoles: string[]; changedBy: string };
  /** Carries the token because the mail service that would deliver it is not part of this project. */
  'auth.password_reset.requested': { accountId: string; email: string; token: string; expiresAt: string };
  'auth.account.deleted': { accountId: string };
}

/** Writes an event to the outbox inside `tx`: it is published exactly when the transaction commits. */
export function recordEvent<T extends keyof AuthEvents>(tx: Prisma.TransactionClient, type: T, data: AuthEvents[T]) {
  return tx.outboxEvent.create({ data: outboxRow(type, data as unknown as JsonObject) });
}
