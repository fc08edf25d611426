import type { PrismaClient } from '../../../prisma/users/client/client';

/** Who a customer's mail goes to, and in which language. */
export interface MailRecipient {
  email: string;
  displayName: string;
  /** From their preferences; null when they never set one. */
  language: string | null;
}

/** The profile facts the mailer needs, read from the users schema. */
export class MailRecipientStore {
  constructor(private readonly prisma: PrismaClient) {}

  /** The customer of `accountId`; null when there is no live profile with an email (unknown, deleted, or no email yet). */
  async recipientOf(accountId: string): Promise<MailRecipient | null> {
    const user = await this.prisma.user.findUnique({
      where: { id: accountId },
      select: { email: true, displayName: true, deletedAt: true, preferences: { select: { language: true } } },
    });
    if (!user || user.deletedAt || !user.email) return null;
    return { email: user.email, displayName: user.displayName, language: user.preferences?.language ?? null };
  }

  /** The language `accountId` asked for; null when unknown. */
  async languageOf(accountId: string): Promise<string | null> {
    const row = await this.prisma.preferences.findUnique({ where: { userId: accountId }, select: { language: true } });
    return row?.language ?? null;
  }
}
