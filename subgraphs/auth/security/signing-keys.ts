import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ConfigError } from '../../../runtime/config';
import type { Logger } from '../../../runtime/logger';

/** A private EC P-256 key as AUTH_SIGNING_KEYS lists it. */
export interface PrivateSigningJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d: string;
  kid: string;
  alg?: 'ES256';
  use?: 'sig';
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const part = z.string().regex(BASE64URL, 'must be base64url');

const privateJwk = z.object({
  kty: z.literal('EC', { error: 'kty must be "EC"' }),
  crv: z.literal('P-256', { error: 'crv must be "P-256"' }),
  x: part,
  y: part,
  d: part,
  kid: z.string().min(1, 'kid is required').max(128),
  alg: z.literal('ES256', { error: 'alg, when given, must be "ES256"' }).optional(),
  use: z.literal('sig', { error: 'use, when given, must be "sig"' }).optional(),
});

/**
 * AUTH_SIGNING_KEYS: a JSON array of private EC P-256 JWKs, each with a `kid`; the first signs, all verify
 * (keep a retired key listed until the tokens it signed have expired). Empty or unset means "not given".
 * Messages never repeat the value: it is a secret.
 */
export const signingKeysVariable = z
  .string()
  .optional()
  .transform((value, context): PrivateSigningJwk[] | undefined => {
    if (value === undefined || value.trim() === '') return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      context.addIssue({ code: 'custom', message: 'must be a JSON array of private EC P-256 JWKs (it is not valid JSON)' });
      return z.NEVER;
    }
    const keys = z.array(privateJwk).min(1, 'must list at least one key').safeParse(parsed);
    if (!keys.success) {
      const issue = keys.error.issues[0];
      const where = issue.path.length ? `key ${issue.path.join('.')}: ` : '';
      context.addIssue({ code: 'custom', message: `must be a JSON array of private EC P-256 JWKs with a kid (${where}${issue.message})` });
      return z.NEVER;
    }
    const kids = keys.data.map((key) => key.kid);
    if (new Set(kids).size !== kids.length) {
      context.addIssue({ code: 'custom', message: 'has two keys with the same kid' });
      return z.NEVER;
    }
    return keys.data;
  });

export interface SigningKeys {
  /** The key new access tokens are signed with. */
  current: { kid: string; privateKey: CryptoKey };
  /** Public halves of every configured key, as GET /.well-known/jwks.json publishes them. */
  publicJwks: JWK[];
  /** Resolves a token's key from those public halves (the auth subgraph verifies with its own keys). */
  verificationKey: JWTVerifyGetKey;
}

const publicHalf = ({ kty, crv, x, y, kid }: PrivateSigningJwk): JWK => ({ kty, crv, x, y, kid, alg: 'ES256', use: 'sig' });

/**
 * The configured keys, checked by importing each one. Without any: an error in production, and an
 * ephemeral key elsewhere (tokens then die with the process, and other services see it only via the JWKS).
 */
export async function loadSigningKeys(configured: PrivateSigningJwk[] | undefined, production: boolean, logger: Logger): Promise<SigningKeys> {
  let jwks = configured;
  if (!jwks) {
    if (production) throw new ConfigError(['AUTH_SIGNING_KEYS: is required in production (a JSON array of private EC P-256 JWKs with a kid)']);
    jwks = [await ephemeralKey()];
    logger.warn({ kid: jwks[0].kid }, 'AUTH_SIGNING_KEYS is not set: signing with an ephemeral key; tokens will not survive a restart');
  }
  const imported = await Promise.all(
    jwks.map(async (jwk, index) => {
      try {
        return await importJWK({ ...jwk, alg: 'ES256' }, 'ES256');
      } catch {
        throw new ConfigError([`AUTH_SIGNING_KEYS: key ${index} (kid ${jwk.kid}) is not a valid P-256 private key`]);
      }
    }),
  );
  const publicJwks = jwks.map(publicHalf);
  return {
    current: { kid: jwks[0].kid, privateKey: imported[0] },
    publicJwks,
    verificationKey: createLocalJWKSet({ keys: publicJwks }),
  };
}

async function ephemeralKey(): Promise<PrivateSigningJwk> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y!, d: jwk.d!, kid: `ephemeral-${randomUUID()}` };
}
