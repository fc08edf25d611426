import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of `message` under `secret`, base64url: how the router and subgraphs vouch for what they send. */
export function hmacSha256(secret: string, message: string): string {
  return createHmac('sha256', secret).update(message).digest('base64url');
}

/** Compares a given signature with the expected one in constant time, so timing reveals no prefix of it. */
export function sameSignature(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
