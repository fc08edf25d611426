import type { MailRequest } from '../../../runtime/mail/mailer';

/** The mails the shop sends; each names its templates (`<locale>/<kind>.subject|html|txt`). */
export const MAIL_KINDS = ['welcome', 'password-reset', 'order-placed', 'order-status', 'ticket-reply', 'staff-ticket-opened'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/**
 * The order statuses a customer is told of. PREPARING is the shop's own step (the next mail, out for delivery,
 * follows within hours), and PENDING is the placing, which has a mail of its own.
 */
export const NOTIFIED_ORDER_STATUSES = ['CONFIRMED', 'OUT_FOR_DELIVERY', 'DELIVERED', 'CANCELLED'] as const;

export type ShopMailRequest = MailRequest<MailKind>;
