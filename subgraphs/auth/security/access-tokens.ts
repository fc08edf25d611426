import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { RoleName } from '../../../runtime/auth/identity';
import { ACCESS_TOKEN_ALGORITHMS, type AccessTokenClaims } from '../../../runtime/auth/token-claims';
import type { SigningKeys } from './signing-keys';

export interface AccessTokenSettings {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

export interface AccessTokenSubject {
  accountId: string;
  email: string;
  roles: RoleName[];
  sessionId: string;
}

/** Signs short-lived access tokens per the identity contract (ES256, kid, sub, roles, sid, email, iss, aud, iat, exp). */
export class AccessTokenIssuer {
  constructor(
    private readonly keys: SigningKeys,
    private readonly settings: AccessTokenSettings,
  ) {}

  async issue(subject: AccessTokenSubject, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
    const issuedAt = Math.floor(now.getTime() / 1000);
    const expiresAt = issuedAt + this.settings.ttlSeconds;
    const claims: AccessTokenClaims = { roles: subject.roles, sid: subject.sessionId, email: subject.email };
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ACCESS_TOKEN_ALGORITHMS[0], kid: this.keys.current.kid, typ: 'JWT' })
      .setSubject(subject.accountId)
      .setIssuer(this.settings.issuer)
      .setAudience(this.settings.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt)
      .setJti(randomUUID())
      .sign(this.keys.current.privateKey);
    return { token, expiresAt: new Date(expiresAt * 1000) };
  }
}
