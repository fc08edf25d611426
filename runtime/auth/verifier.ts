import { errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '../errors';
import { ROLES, type Identity, type RoleName } from './identity';
import type { TokenRevocations } from './revocations/revocation-list';
import { ACCESS_TOKEN_ALGORITHMS, type AccessTokenClaims } from './token-claims';
import { VerifiedTokens } from './verified-tokens';

export interface TokenVerifierOptions {
  /** Where the public keys come from: a cached remote JWKS, or the auth service's own key set. */
  keys: JWTVerifyGetKey;
  issuer: string;
  audience: string;
  /** Sign-outs, deleted accounts and lost roles, checked in memory on every request (cached tokens too). */
  revocations: TokenRevocations;
}

export type TokenVerifier = (authorization: string | undefined) => Promise<Identity | null>;

const unauthenticated = (message: string) =>
  new DomainError('UNAUTHENTICATED', message, { http: { status: 401, headers: new Map([['www-authenticate', 'Bearer']]) } });

/** This instance cannot tell whether the token was revoked (see revocations/revocation-feed.ts): retry, not sign in again. */
const revocationsUnknown = () =>
  new DomainError('SERVICE_UNAVAILABLE', 'Signed-in requests cannot be checked right now; try again shortly', {
    service: 'token-revocations',
    http: { status: 503, headers: new Map([['retry-after', '1']]) },
  });

/** The identity as the revocations still allow it; a revoked token gets the same answer as an expired one. */
function admitted(revocations: TokenRevocations, identity: Identity): Identity {
  const verdict = revocations.admit(identity);
  if (verdict === 'revoked') throw unauthenticated('The access token has been revoked; refresh it or sign in again');
  if (verdict === 'unknown') throw revocationsUnknown();
  return verdict;
}

/**
 * Turns an Authorization header into a verified identity: no header is anonymous (null); anything else
 * must be a Bearer JWT with an allowed algorithm, a known key, the right issuer and audience, and unexpired.
 */
const BEARER_TOKEN = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const verified = new VerifiedTokens();
  return async (authorization) => {
    if (authorization === undefined || authorization === '') return null;
    const match = BEARER_TOKEN.exec(authorization);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <access token>"');
    const known = verified.get(match[1]);
    if (known) return admitted(options.revocations, known);
    let identity: Identity;
    try {
      const { payload } = await jwtVerify<AccessTokenClaims>(match[1], options.keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: [...ACCESS_TOKEN_ALGORITHMS],
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      const roles = Array.isArray(payload.roles) ? payload.roles.filter((role): role is RoleName => ROLES.includes(role as RoleName)) : [];
      identity = { accountId: payload.sub!, roles, sessionId: payload.sid, email: payload.email, expiresAt: new Date(payload.exp! * 1000) };
      verified.set(match[1], identity);
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw unauthenticated('The access token has expired; refresh it');
      if (error instanceof errors.JOSEError) throw unauthenticated('The access token is not valid');
      throw error; // the key set could not be fetched: an outage, not the caller's fault
    }
    return admitted(options.revocations, identity);
  };
}
