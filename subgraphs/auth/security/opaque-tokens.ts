import { createHash, randomBytes } from 'node:crypto';

/** A bearer secret (refresh or reset token): 256 random bits, URL-safe. */
export const newOpaqueToken = (): string => randomBytes(32).toString('base64url');

/**
 * What is stored instead of the token. A plain SHA-256 suffices (no salt, no slow hash): the input is 256
 * random bits, not a guessable password, and an equality lookup by hash must stay possible.
 */
export const hashOpaqueToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Opaque tokens we issue are 43 base64url characters; anything else is refused before a lookup. */
export const looksLikeOpaqueToken = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);
