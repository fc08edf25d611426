import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { runtimeEnv, storeEnv, url } from '../../runtime/config';
import { consumerEnv, dedupEnv, eventsEnv } from '../../runtime/events/events-env';
import { mailEnv } from '../../runtime/mail/mail-env';
import { MAIL_LOCALES } from '../../runtime/mail/mail-templates';
import { sealingKeyEnv } from '../../runtime/mail/sealed-secret';

/** The templates that come with the project (the same path from the sources and from dist/). */
function builtInTemplates(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'subgraphs', 'users', 'mail', 'templates');
}

/** What the users service's mailer reads (besides SMTP: runtime/mail/mail-env.ts). */
const mailerEnv = {
  ...mailEnv,
  /** Opens the reset tokens the auth service seals (the same key there). */
  ...sealingKeyEnv,
  /** A folder of templates of the shop's own (same layout as subgraphs/users/mail/templates). */
  MAIL_TEMPLATES_DIR: z.preprocess((value) => (value === '' ? undefined : value), z.string().default(builtInTemplates())),
  /** Where links in mail point: the shop's storefront. */
  MAIL_SHOP_URL: url(['https', 'http'], 'http://localhost:3000').transform((value) => value.replace(/\/+$/, '')),
  /** Who hears of new tickets, and in which language. */
  MAIL_STAFF_ADDRESS: z.string().min(3).default('atencion@floresvictoria.cl'),
  MAIL_STAFF_LANGUAGE: z.enum(MAIL_LOCALES).default('es'),
  /** The mailer's durable queue (tests give each run its own). */
  MAIL_QUEUE: z.string().min(1).default('users.mail-events'),
  /** The first wait after a failed send (SMTP down); doubles with each failure, up to 5 minutes. */
  MAIL_RETRY_DELAY_MS: z.coerce.number().int().min(10).max(600_000).default(5_000),
};

/** Everything the users subgraph reads from the environment, checked at start. */
export const usersSubgraphEnv = {
  NODE_ENV: runtimeEnv.NODE_ENV,
  DATABASE_URL: storeEnv.DATABASE_URL,
  RABBITMQ_URL: eventsEnv.RABBITMQ_URL,
  ...consumerEnv,
  ...dedupEnv,
  ...mailerEnv,
};

export type UsersSubgraphConfig = z.infer<z.ZodObject<typeof usersSubgraphEnv>>;
