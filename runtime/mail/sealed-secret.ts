import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../config';

// A secret one service hands another through events (the password reset token, auth → users' mailer): sealed with
// AES-256-GCM under a key only those two services hold, so outbox rows, broker messages and dead letters carry
// nothing usable. The additional data binds a sealed value to its context (the account id): it cannot be moved
// into another event.

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SealingKey = Buffer;

/** MAIL_TOKEN_KEY (or MAIL_TOKEN_KEY_FILE): 32 random bytes in base64 or hex, e.g. `openssl rand -base64 32`. */
export const sealingKeyEnv = {
  MAIL_TOKEN_KEY: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
  MAIL_TOKEN_KEY_FILE: z.preprocess((value) => (value === '' ? undefined : value), z.string().optional()),
};

/**
 * The key from the environment (a file wins over the variable). Outside production a fixed development key stands
 * in when none is given, so `npm start` works out of the box; production refuses to start without one.
 */
export function sealingKeyOf(config: { NODE_ENV?: string; MAIL_TOKEN_KEY?: string; MAIL_TOKEN_KEY_FILE?: string }): SealingKey {
  const text = config.MAIL_TOKEN_KEY_FILE ? readFileSync(config.MAIL_TOKEN_KEY_FILE, 'utf8').trim() : config.MAIL_TOKEN_KEY;
  if (!text) {
    if (config.NODE_ENV === 'production') throw new ConfigError(['MAIL_TOKEN_KEY: required in production (32 random bytes, base64)']);
    return Buffer.alloc(32, 'flores-victoria-development-only');
  }
  const key = /^[0-9a-f]{64}$/i.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError(['MAIL_TOKEN_KEY: must be 32 bytes, in base64 or hex (the value is not repeated: it is a secret)']);
  return key;
}

/** `v1.<iv>.<ciphertext><tag>`, base64url parts. */
export function seal(key: SealingKey, secret: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return [VERSION, iv.toString('base64url'), sealed.toString('base64url')].join('.');
}

/** The secret; throws when the value was not sealed under `key` for `context`, or was altered. */
export function unseal(key: SealingKey, sealed: string, context: string): string {
  const [version, iv, body, ...rest] = sealed.split('.');
  if (version !== VERSION || !iv || !body || rest.length) throw new Error('not a sealed value of a known version');
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length <= TAG_BYTES) throw new Error('the sealed value is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
}
