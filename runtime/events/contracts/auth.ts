import { z } from 'zod';
import { isEmail, normaliseEmail } from '../../validation';
import { eventContract, type PayloadOf } from './event-contract';
import { entityId, isoTime } from './fields';

// Published by the auth service through its outbox, in the transaction of the change.

/** An account was created. Consumed by users (creates the profile, `users.account-events`). */
export const accountRegistered = eventContract(
  'auth.account.registered',
  1,
  z.object({ accountId: entityId, email: z.string().refine((value) => isEmail(normaliseEmail(value)), 'must be an email address') }),
);
export type AccountRegistered = PayloadOf<typeof accountRegistered>;

/** An account was deleted. Consumed by users (anonymises the profile, `users.account-events`). */
export const accountDeleted = eventContract('auth.account.deleted', 1, z.object({ accountId: entityId }));
export type AccountDeleted = PayloadOf<typeof accountDeleted>;

/** An account's roles changed (`changedBy`: the admin's account id, or who ran the script). No consumer in this project. */
export const rolesChanged = eventContract(
  'auth.roles.changed',
  1,
  z.object({ accountId: entityId, roles: z.array(z.string()), previousRoles: z.array(z.string()), changedBy: z.string() }),
);

/**
 * A reset was asked for. Consumed by users (mails the link, `users.mail-events`). The token travels sealed
 * (AES-256-GCM under MAIL_TOKEN_KEY, bound to the account id: runtime/mail/sealed-secret.ts): the outbox row, the
 * broker and any dead letter hold only what the mailer can open. Version 2: version 1 carried the token in plain
 * text, and had no consumer.
 */
export const passwordResetRequested = eventContract(
  'auth.password_reset.requested',
  2,
  z.object({ accountId: entityId, email: z.string(), sealedToken: z.string().min(1), expiresAt: isoTime }),
);
export type PasswordResetRequested = PayloadOf<typeof passwordResetRequested>;
