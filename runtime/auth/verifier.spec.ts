import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { RevocationList } from './revocations/revocation-list';
import { createTokenVerifier, type TokenVerifier } from './verifier';

const issuer = 'flores-victoria-auth';
const audience = 'flores-victoria';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('createTokenVerifier', () => {
  let verify: TokenVerifier;
  let privateKey: PrivateKey;
  const revocations = new RevocationList();
  let jwks: ReturnType<typeof createLocalJWKSet>;
  const sign = (claims: Record<string, unknown>, alg = 'ES256', key: PrivateKey | Uint8Array = privateKey) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid: 'k1' })
      .setSubject('acc-1')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(key);

  beforeAll(async () => {
    const pair = await generateKeyPair('ES256', { extractable: true });
    privateKey = pair.privateKey;
    jwks = createLocalJWKSet({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] });
    verify = createTokenVerifier({ keys: jwks, issuer, audience, revocations });
  });

  it('treats a request without a token as anonymous', async () => {
    expect(await verify(undefined)).toBeNull();
  });

  it('turns a valid token into an identity, keeping only known roles', async () => {
    const token = await sign({ roles: ['STAFF', 'SUPERUSER'], sid: 's-1', email: 'a@example.com' });
    const identity = await verify(`Bearer ${token}`);
    expect(identity).toEqual({ accountId: 'acc-1', roles: ['STAFF'], sessionId: 's-1', email: 'a@example.com', expiresAt: expect.any(Date) });
    // Carried so long-lived connections can check it again later (subscriptions, per event).
    expect(Math.abs(identity!.expiresAt!.getTime() - (Date.now() + 5 * 60_000))).toBeLessThan(5_000);
  });

  it('refuses a header that is not a Bearer JWT', async () => {
    await expect(verify('Basic dXNlcjpwYXNz')).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('says when a token has expired', async () => {
    const token = await new SignJWT({ roles: [] })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('acc-1')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt(1_000)
      .setExpirationTime(2_000)
      .sign(privateKey);
    await expect(verify(`Bearer ${token}`)).rejects.toThrow(/expired/);
  });

  it('refuses an HMAC token even if its secret were guessed (algorithm allow-list)', async () => {
    const token = await sign({ roles: ['ADMIN'] }, 'HS256', new TextEncoder().encode('x'.repeat(32)));
    await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  });

  it('refuses a revoked token as it refuses an expired one, though its check was cached, and only that session', async () => {
    const token = await sign({ roles: ['CUSTOMER'], sid: 'session-revoked' });
    const other = await sign({ roles: ['CUSTOMER'], sid: 'session-kept' });
    expect(await verify(`Bearer ${token}`)).toMatchObject({ accountId: 'acc-1', sessionId: 'session-revoked' });
    revocations.add({ kind: 'session', sessionId: 'session-revoked', until: Date.now() + 60_000 });
    await expect(verify(`Bearer ${token}`)).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    expect(await verify(`Bearer ${other}`)).toMatchObject({ sessionId: 'session-kept' });
  });

  it('takes a lost role out of a token that still carries it', async () => {
    const token = await new SignJWT({ roles: ['CUSTOMER', 'STAFF'], sid: 's-9' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setSubject('acc-9')
      .setIssuer(issuer)
      .setAudience(audience)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);
    expect((await verify(`Bearer ${token}`))?.roles).toEqual(['CUSTOMER', 'STAFF']);
    revocations.add({ kind: 'roles', accountId: 'acc-9', roles: ['CUSTOMER'], version: 1, until: Date.now() + 60_000 });
    expect((await verify(`Bearer ${token}`))?.roles).toEqual(['CUSTOMER']);
  });

  it('answers 503 SERVICE_UNAVAILABLE (try again) rather than UNAUTHENTICATED when it cannot know the revocations', async () => {
    const blind = createTokenVerifier({ keys: jwks, issuer, audience, revocations: { admit: () => 'unknown' } });
    await expect(blind(`Bearer ${await sign({ roles: ['CUSTOMER'] })}`)).rejects.toMatchObject({
      extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503 } },
    });
    expect(await blind(undefined)).toBeNull(); // anonymous requests are still served
  });
});
