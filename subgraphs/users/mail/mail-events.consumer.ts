import { startConsumer, type ConsumerContext, type RunningConsumer } from '../../../runtime/events/consumer';
import { startDedupRetention, type RetentionSweeper } from '../../../runtime/events/retention';
import type { Logger } from '../../../runtime/logger';
import { domainOf, Mailer } from '../../../runtime/mail/mailer';
import { MailTemplates } from '../../../runtime/mail/mail-templates';
import { smtpTransport } from '../../../runtime/mail/mail-transport';
import { sealingKeyOf } from '../../../runtime/mail/sealed-secret';
import type { SentMails } from '../../../runtime/mail/sent-mails';
import type { UsersSubgraphConfig } from '../config';
import type { MailRecipientStore } from '../store/mail-recipients.store';
import { mailEvents } from './mail-events';

/** Events handled at once: each holds a PostgreSQL connection while its SMTP exchange lasts. */
const MAIL_PREFETCH = 4;

export interface RunningMailer {
  close(): Promise<void>;
}

/**
 * The shop's mail: a consumer of the domain events that concern customers (and the staff's notice of new tickets),
 * sending through SMTP once per event. A failed send is retried with backoff (MAIL_RETRY_DELAY_MS, doubling), then
 * dead-lettered to `<MAIL_QUEUE>.dead` with the reason after EVENTS_MAX_ATTEMPTS.
 */
export async function startMailer(
  context: ConsumerContext,
  providers: { mailRecipients: MailRecipientStore; sentMails: SentMails },
  config: UsersSubgraphConfig,
  logger: Logger,
): Promise<RunningMailer> {
  const transport = smtpTransport(config);
  const mailer = new Mailer(new MailTemplates(config.MAIL_TEMPLATES_DIR), providers.sentMails, transport, domainOf(config.MAIL_FROM));
  const settings = {
    sealingKey: sealingKeyOf(config),
    shopUrl: config.MAIL_SHOP_URL,
    staffAddress: config.MAIL_STAFF_ADDRESS,
    staffLanguage: config.MAIL_STAFF_LANGUAGE,
  };
  let consumer: RunningConsumer;
  try {
    consumer = await startConsumer({
      ...context,
      queue: config.MAIL_QUEUE,
      prefetch: MAIL_PREFETCH,
      retryDelayMs: config.MAIL_RETRY_DELAY_MS,
      ...mailEvents(providers.mailRecipients, settings, (event, request) => mailer.deliver(event, request)),
    });
  } catch (error) {
    transport.close();
    throw error;
  }
  const retention: RetentionSweeper = startDedupRetention(providers.sentMails, config.EVENTS_DEDUP_RETENTION_SECONDS, logger);
  return {
    async close() {
      await Promise.all([consumer.close(), retention.stop()]);
      transport.close();
    },
  };
}
