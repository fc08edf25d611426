import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { unlessBlank, url } from '../config';

const optionalText = unlessBlank(z.string().min(1));
const flag = (fallback: boolean) =>
  z.preprocess(
    (value) => (value === '' || value === undefined ? fallback : typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value),
    z.boolean(),
  );

/** How a service that sends mail reaches its SMTP server, and who the mail is from. */
export const mailEnv = {
  /** Off: no mail consumer starts (the tests, except those about mail; a deployment without SMTP). */
  MAIL_ENABLED: flag(true),
  /** `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://...:465`; Mailpit's port in development. */
  SMTP_URL: url(['smtp', 'smtps'], 'smtp://127.0.0.1:1025'),
  /** The SMTP password from a file (a mounted secret); wins over one in SMTP_URL. */
  SMTP_PASSWORD_FILE: optionalText,
  /** Give up on one SMTP exchange after this long: the event is retried later. */
  SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(15_000),
  MAIL_FROM: z.string().min(3).default('Flores Victoria <hola@floresvictoria.cl>'),
};

export type MailEnv = z.infer<z.ZodObject<typeof mailEnv>>;

/** SMTP_URL with the password of SMTP_PASSWORD_FILE, when given. */
export function smtpUrlOf(config: Pick<MailEnv, 'SMTP_URL' | 'SMTP_PASSWORD_FILE'>): string {
  const password = config.SMTP_PASSWORD_FILE ? readFileSync(config.SMTP_PASSWORD_FILE, 'utf8').trim() : '';
  if (!password) return config.SMTP_URL; // an empty file (a server without authentication) adds nothing
  const withPassword = new URL(config.SMTP_URL);
  withPassword.password = encodeURIComponent(password);
  return withPassword.toString();
}
