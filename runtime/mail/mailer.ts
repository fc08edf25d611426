import type { DomainEvent } from '../events/domain-event';
import { mailLocaleOf, type MailTemplates } from './mail-templates';
import type { MailTransport } from './mail-transport';
import type { SendOutcome, SentMails } from './sent-mails';

/** What one event asks to be mailed. */
export interface MailRequest<Kind extends string = string> {
  /** Names its templates. */
  kind: Kind;
  to: string;
  /** A language tag (`es`, `en`, `pt`...); anything else is written in the default language. */
  language: string | null;
  /** The templates' values. */
  data: Record<string, unknown>;
}

/** Renders a mail from its templates and sends it once per event (SentMails). */
export class Mailer {
  constructor(
    private readonly templates: MailTemplates,
    private readonly sent: SentMails,
    private readonly transport: MailTransport,
    /** The right-hand side of Message-IDs (MAIL_FROM's domain). */
    private readonly messageIdDomain: string,
  ) {}

  /**
   * Rejects when rendering or SMTP fails (nothing is recorded then: the event is retried, and dead-lettered with
   * the reason once it has failed too often).
   */
  async deliver(event: DomainEvent, request: MailRequest): Promise<SendOutcome> {
    // Rendered first: a broken template fails without holding a transaction.
    const rendered = this.templates.render(request.kind, mailLocaleOf(request.language), request.data);
    const messageId = `<${event.id}.${request.kind}@${this.messageIdDomain}>`;
    return this.sent.once(`${event.id}:${request.kind}`, request.kind, () => this.transport.send({ to: request.to, ...rendered, messageId }));
  }
}

/** The domain of `Name <user@domain>` or `user@domain`. */
export function domainOf(address: string): string {
  return /@([^>\s]+)>?\s*$/.exec(address)?.[1] ?? 'localhost';
}
