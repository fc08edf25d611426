import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { Identity, RoleName } from '../../runtime/auth/identity';

export const TEST_ISSUER = 'flores-victoria-auth';
export const TEST_AUDIENCE = 'flores-victoria';

export interface TestKeys {
  /** Private JWKs, as AUTH_SIGNING_KEYS wants them (JSON), so the auth subgraph signs with the same keys. */
  signingKeys: string;
  /** A JWKS server on loopback publishing the public halves, as AUTH_JWKS_URL wants it. */
  jwksUrl: string;
  sign: (identity: Identity, options?: SignOptions) => Promise<string>;
}

export interface SignOptions {
  expiresIn?: string | number;
  issuer?: string;
  audience?: string;
  kid?: string;
}

let keys: Promise<TestKeys> | undefined;
let server: Server | undefined;

/** One ES256 key set and JWKS server per test process: tokens that every subgraph under test accepts. */
export function testKeys(): Promise<TestKeys> {
  keys ??= (async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `test-${randomUUID()}`;
    const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: 'ES256', use: 'sig' };
    const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [publicJwk] }));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    server.unref();
    const { port } = server.address() as AddressInfo;
    return {
      signingKeys: JSON.stringify([privateJwk]),
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
      sign: (identity, options = {}) =>
        new SignJWT({ roles: identity.roles, sid: identity.sessionId, email: identity.email })
          .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? kid })
          .setSubject(identity.accountId)
          .setIssuer(options.issuer ?? TEST_ISSUER)
          .setAudience(options.audience ?? TEST_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime(options.expiresIn ?? '5m')
          .sign(privateKey),
    };
  })();
  return keys;
}

/** Authorization headers of a caller with these roles (a new account id unless given). */
export async function authAs(roles: RoleName[], accountId: string = randomUUID()): Promise<Record<string, string>> {
  const token = await (await testKeys()).sign({ accountId, roles });
  return { authorization: `Bearer ${token}` };
}

export const asCustomer = (accountId?: string) => authAs(['CUSTOMER'], accountId);
export const asStaff = (accountId?: string) => authAs(['STAFF'], accountId);
export const asAdmin = (accountId?: string) => authAs(['ADMIN'], accountId);
