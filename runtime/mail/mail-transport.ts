import { createTransport } from 'nodemailer';
import { smtpUrlOf, type MailEnv } from './mail-env';

/** One rendered mail, ready for SMTP. */
export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  /** `<...@...>`, derived from what caused the mail: a copy sent twice in spite of everything still reads as one. */
  messageId: string;
  /** Where replies go, when not to MAIL_FROM. */
  replyTo?: string;
}

export interface MailTransport {
  /** Resolves once the SMTP server accepted the mail; rejects otherwise (the caller retries). */
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** SMTP through nodemailer: a small pool of connections, every step of the exchange bounded in time. */
export function smtpTransport(config: Pick<MailEnv, 'SMTP_URL' | 'SMTP_PASSWORD_FILE' | 'SMTP_TIMEOUT_MS' | 'MAIL_FROM'>): MailTransport {
  const timeout = config.SMTP_TIMEOUT_MS;
  const transport = createTransport({
    url: smtpUrlOf(config),
    pool: true,
    maxConnections: 3,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    async send(mail) {
      const info = await transport.sendMail({ from: config.MAIL_FROM, ...mail });
      if (info.rejected.length > 0) throw new Error(`the SMTP server refused the recipient (${info.response})`);
    },
    close: () => transport.close(),
  };
}
