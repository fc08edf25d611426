import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { DomainError } from '../../../runtime/errors';
import { normaliseEmail } from '../../../runtime/validation';

/** Both spellings Google uses for the `iss` of its ID tokens. */
export const GOOGLE_ISSUERS = ['https://accounts.google.com', 'accounts.google.com'];

export interface GoogleIdentity {
  /** Google's stable id of the person; emails can change, this does not. */
  sub: string;
  email: string;
}

interface GoogleClaims {
  email?: unknown;
  email_verified?: unknown;
}

/**
 * Checks Google ID tokens (from Google Identity Services on the client) against Google's published keys:
 * signature (RS256), issuer, audience (our OAuth client id), expiry, and a verified email.
 */
export class GoogleIdTokenVerifier {
  private readonly keys: JWTVerifyGetKey;

  constructor(
    private readonly clientId: string | undefined,
    jwksUrl: string,
  ) {
    this.keys = createRemoteJWKSet(new URL(jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 60 * 60_000, timeoutDuration: 5_000 });
  }

  async verify(idToken: string): Promise<GoogleIdentity> {
    if (!this.clientId) throw new DomainError('NOT_CONFIGURED', 'Google sign-in is not available: GOOGLE_CLIENT_ID is not configured');
    let claims: GoogleClaims & { sub?: string };
    try {
      ({ payload: claims } = await jwtVerify<GoogleClaims>(idToken, this.keys, {
        issuer: GOOGLE_ISSUERS,
        audience: this.clientId,
        algorithms: ['RS256'],
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      // Google's keys could not be fetched: an outage, not the caller's fault.
      if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) throw error;
      const expired = error instanceof errors.JWTExpired;
      throw new DomainError('UNAUTHENTICATED', expired ? 'The Google ID token has expired' : 'The Google ID token is not valid', { field: 'idToken' });
    }
    // Older tokens carry the flag as a string.
    const verified = claims.email_verified === true || claims.email_verified === 'true';
    if (typeof claims.email !== 'string' || !verified) {
      throw new DomainError('BAD_USER_INPUT', 'Google has not verified the email address of this Google account', { field: 'idToken' });
    }
    return { sub: claims.sub!, email: normaliseEmail(claims.email) };
  }
}
