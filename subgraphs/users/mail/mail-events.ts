import {
  accountRegistered,
  byContract,
  on,
  ORDER_STATUS_CHANGED,
  orderPlaced,
  passwordResetRequested,
  ticketOpened,
  ticketReplied,
  type ContractConsumer,
  type OrderChange,
} from '../../../runtime/events/contracts';
import type { DomainEvent } from '../../../runtime/events/domain-event';
import { MalformedEvent } from '../../../runtime/events/malformed-event';
import { unseal, type SealingKey } from '../../../runtime/mail/sealed-secret';
import type { MailRecipientStore } from '../store/mail-recipients.store';
import { NOTIFIED_ORDER_STATUSES, type ShopMailRequest } from './mail-kinds';

/** Why an event sent no mail, or that it did. */
export type MailOutcome = 'sent' | 'duplicate' | 'no-recipient' | 'expired';

export interface MailEventSettings {
  sealingKey: SealingKey;
  /** The shop's public address, for links (`<shopUrl>/reset-password?token=...`, `<shopUrl>/orders/<id>`). */
  shopUrl: string;
  staffAddress: string;
  staffLanguage: string;
}

/** Sends what an event asks for, once per event (see Mailer). */
export type Deliver = (event: DomainEvent, request: ShopMailRequest) => Promise<MailOutcome>;

/** The placed order's receipt with each line's total (templates do no arithmetic); null when the event has none. */
function receiptWithTotals(receipt: OrderChange['receipt']) {
  if (!receipt) return null;
  return { ...receipt, lines: receipt.lines.map((line) => ({ ...line, totalMinor: line.quantity * line.unitPriceMinor })) };
}

/** A short reference customers and staff can read out: the first block of the order's id. */
const orderReference = (orderId: string) => orderId.split('-')[0].toUpperCase();

/**
 * Which events send which mail, to whom and in which language. Customers' mail is in the language of their
 * preferences (the default language without one); order mail goes to the profile's email, so an order of an
 * account without a live profile (unknown here, or deleted) sends nothing.
 */
export function mailEvents(recipients: MailRecipientStore, settings: MailEventSettings, deliver: Deliver): ContractConsumer<MailOutcome> {
  const orderMail = async (
    kind: 'order-placed' | 'order-status',
    change: OrderChange,
    event: DomainEvent,
    extra: Record<string, unknown>,
  ): Promise<MailOutcome> => {
    const customer = await recipients.recipientOf(change.accountId);
    if (!customer) return 'no-recipient';
    const data = {
      name: customer.displayName,
      orderId: change.orderId,
      reference: orderReference(change.orderId),
      orderUrl: `${settings.shopUrl}/orders/${change.orderId}`,
      ...extra,
    };
    return deliver(event, { kind, to: customer.email, language: customer.language, data });
  };

  return byContract<MailOutcome>(
    on(accountRegistered, async ({ accountId, email }, event) =>
      deliver(event, { kind: 'welcome', to: email, language: await recipients.languageOf(accountId), data: { email, shopUrl: settings.shopUrl } }),
    ),
    on(passwordResetRequested, async ({ accountId, email, sealedToken, expiresAt }, event) => {
      if (Date.parse(expiresAt) <= Date.now()) return 'expired'; // a dead link helps no one
      let token: string;
      try {
        token = unseal(settings.sealingKey, sealedToken, accountId);
      } catch (error) {
        // No retry can open it: a wrong or missing MAIL_TOKEN_KEY, or an altered event. Dead-lettered with the reason.
        throw new MalformedEvent(`${event.type} ${event.id}: the sealed token cannot be opened with this MAIL_TOKEN_KEY (${(error as Error).message})`);
      }
      const resetUrl = `${settings.shopUrl}/reset-password?token=${encodeURIComponent(token)}`;
      return deliver(event, { kind: 'password-reset', to: email, language: await recipients.languageOf(accountId), data: { email, resetUrl, expiresAt } });
    }),
    on(orderPlaced, (change, event) => orderMail('order-placed', change, event, { receipt: receiptWithTotals(change.receipt) })),
    on(
      NOTIFIED_ORDER_STATUSES.map((status) => ORDER_STATUS_CHANGED[status]),
      (change, event) => orderMail('order-status', change, event, { status: change.status ?? null }),
    ),
    on(ticketOpened, async ({ ticketId, email, subject, name, body }, event) =>
      deliver(event, {
        kind: 'staff-ticket-opened',
        to: settings.staffAddress,
        language: settings.staffLanguage,
        data: { ticketId, email, subject, name: name ?? null, body: body ?? null, ticketUrl: `${settings.shopUrl}/staff/tickets/${ticketId}` },
      }),
    ),
    on(ticketReplied, async ({ ticketId, email, name, subject, body, accountId }, event) =>
      deliver(event, {
        kind: 'ticket-reply',
        to: email,
        language: accountId ? await recipients.languageOf(accountId) : null,
        data: { ticketId, name, subject, body },
      }),
    ),
  );
}
