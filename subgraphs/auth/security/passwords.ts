import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (the library's default algorithm) with its default cost: 19 MiB, 2 passes, 1 lane, which is
 * OWASP's recommended minimum.
 */
export const hashPassword = (password: string): Promise<string> => hash(password);

// Verified against when there is no real hash (unknown email, Google-only account), so that a wrong email
// takes as long as a wrong password and response times tell nothing about which accounts exist.
let decoy: Promise<string> | undefined;

/** True when `password` matches `passwordHash`; always does the work of one verification. */
export async function passwordMatches(passwordHash: string | null | undefined, password: string): Promise<boolean> {
  if (!passwordHash) {
    decoy ??= hash(randomBytes(32).toString('base64url'));
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash never signs anyone in
  }
}
