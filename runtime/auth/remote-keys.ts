import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/**
 * The auth service's public keys, fetched from its JWKS URL and cached; an unknown `kid` refetches
 * (at most every 30 s), which is how rotated-in keys are picked up without a restart.
 */
export function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000, timeoutDuration: 5_000 });
}
