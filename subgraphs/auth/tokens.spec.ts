import { randomUUID } from 'node:crypto';
import { base64url, createLocalJWKSet, decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient } from '../../prisma/auth/client/client';
import { ConfigError } from '../../runtime/config';
import { connectPrisma, type PrismaStore } from '../../runtime/stores/prisma';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { graphql, expectData } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asCustomer, testKeys, TEST_AUDIENCE, TEST_ISSUER } from '../../test/support/tokens';
import { bearer, errorOf, LOGIN, logIn, signUp, uniqueAddress, fromAddress, uniqueEmail } from './auth.test-support';
import type { AuthProviders } from './context';
import { hashOpaqueToken } from './security/opaque-tokens';
import { authSubgraph } from './subgraph';

const MY_ACCOUNT = '{ myAccount { id email roles } }';

async function newPrivateJwk(kid = `key-${randomUUID()}`): Promise<JWK & { kid: string }> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid };
}

const jwksOf = async (service: StartedSubgraph<unknown>) => {
  const response = await fetch(service.url.replace('/graphql', '/.well-known/jwks.json'));
  return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as { keys: JWK[] } };
};

describe('sign-in and access tokens', () => {
  let auth: StartedSubgraph<AuthProviders>;
  let postgres: PrismaStore<PrismaClient>;
  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph);
    postgres = await connectPrisma(PrismaClient, testEnv.DATABASE_URL, 'auth');
  });
  afterAll(async () => {
    await auth?.stop();
    await postgres?.close();
  });

  it('signs in with email and password: an ES256 access token per the contract, and an opaque refresh token stored only as a hash', async () => {
    const user = await signUp(auth.url);
    const before = Math.floor(Date.now() / 1000);
    const session = await logIn(auth.url, user.email.toUpperCase(), user.password);
    expect(session.account).toEqual({ id: user.id, email: user.email, roles: ['CUSTOMER'] });

    const { body } = await jwksOf(auth);
    const { payload, protectedHeader } = await jwtVerify(session.accessToken, createLocalJWKSet(body), {
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      algorithms: ['ES256'],
    });
    const [signingKey] = JSON.parse((await testKeys()).signingKeys) as JWK[];
    expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: signingKey.kid });
    expect(payload).toMatchObject({ sub: user.id, roles: ['CUSTOMER'], email: user.email, iss: TEST_ISSUER, aud: TEST_AUDIENCE });
    expect(payload.sid).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.exp! - payload.iat!).toBe(15 * 60);
    expect(new Date(session.expiresAt).getTime()).toBe(payload.exp! * 1000);

    expect(session.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const stored = await postgres.prisma.refreshToken.findMany({ where: { session: { id: payload.sid as string } } });
    expect(stored.map((row) => row.tokenHash)).toEqual([hashOpaqueToken(session.refreshToken)]);
    expect(stored[0].tokenHash).not.toContain(session.refreshToken);
    const ttlDays = (new Date(session.refreshTokenExpiresAt).getTime() - Date.now()) / 86_400_000;
    expect(ttlDays).toBeGreaterThan(29.9);
    expect(ttlDays).toBeLessThanOrEqual(30);

    const { myAccount } = await expectData(auth.url, MY_ACCOUNT, {}, bearer(session));
    expect(myAccount).toEqual({ id: user.id, email: user.email, roles: ['CUSTOMER'] });
  });

  it('answers a wrong password and an unknown email the same way', async () => {
    const user = await signUp(auth.url);
    const headers = fromAddress(uniqueAddress());
    const wrongPassword = await errorOf(auth.url, LOGIN, { email: user.email, password: 'Not the password 1' }, headers);
    const unknownEmail = await errorOf(auth.url, LOGIN, { email: uniqueEmail('nobody'), password: user.password }, headers);
    expect(wrongPassword.data).toBeNull();
    expect(wrongPassword.error).toMatchObject({ message: 'The email or password is wrong', extensions: { code: 'UNAUTHENTICATED' } });
    expect(unknownEmail.error?.message).toBe(wrongPassword.error?.message);
    // Alike but for the request id each answer is named by.
    expect({ ...unknownEmail.error?.extensions, requestId: undefined }).toEqual({ ...wrongPassword.error?.extensions, requestId: undefined });
  });

  it('publishes only the public halves of its keys', async () => {
    const { status, cacheControl, body } = await jwksOf(auth);
    expect(status).toBe(200);
    expect(cacheControl).toContain('max-age');
    const [signingKey] = JSON.parse((await testKeys()).signingKeys) as JWK[];
    expect(body.keys).toEqual([{ kty: 'EC', crv: 'P-256', x: signingKey.x, y: signingKey.y, kid: signingKey.kid, alg: 'ES256', use: 'sig' }]);
    expect(JSON.stringify(body)).not.toContain(signingKey.d);
  });

  describe('the subgraph refuses a token that is', () => {
    const refused = async (token: string) => {
      const response = await graphql(auth.url, MY_ACCOUNT, {}, { authorization: `Bearer ${token}` });
      expect(response.status).toBe(401);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      return response.errors?.[0].message;
    };
    let genuine: string;
    beforeAll(async () => {
      const user = await signUp(auth.url);
      genuine = (await logIn(auth.url, user.email, user.password)).accessToken;
    });

    it('genuine (the control case)', async () => {
      expect((await graphql(auth.url, MY_ACCOUNT, {}, { authorization: `Bearer ${genuine}` })).errors).toBeUndefined();
    });

    it('tampered with (roles raised to ADMIN)', async () => {
      const [header, payload, signature] = genuine.split('.');
      const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload)));
      const forged = base64url.encode(JSON.stringify({ ...claims, roles: ['ADMIN'] }));
      await refused(`${header}.${forged}.${signature}`);
    });

    it('expired', async () => {
      const token = await (await testKeys()).sign({ accountId: randomUUID(), roles: ['CUSTOMER'] }, { expiresIn: Math.floor(Date.now() / 1000) - 5 });
      expect(await refused(token)).toMatch(/expired/);
    });

    it('unsigned (alg "none")', async () => {
      const claims = decodeJwt(genuine);
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: decodeProtectedHeader(genuine).kid }));
      await refused(`${header}.${base64url.encode(JSON.stringify(claims))}.`);
    });

    it('HMAC-signed with the public key as the secret (algorithm confusion)', async () => {
      const { body } = await jwksOf(auth);
      const secret = new TextEncoder().encode(JSON.stringify(body.keys[0]));
      const token = await new SignJWT({ roles: ['ADMIN'] })
        .setProtectedHeader({ alg: 'HS256', kid: body.keys[0].kid })
        .setSubject(randomUUID())
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(secret);
      await refused(token);
    });

    it('from another issuer, or for another audience', async () => {
      const keys = await testKeys();
      await refused(await keys.sign({ accountId: randomUUID(), roles: ['ADMIN'] }, { issuer: 'someone-else' }));
      await refused(await keys.sign({ accountId: randomUUID(), roles: ['ADMIN'] }, { audience: 'another-app' }));
    });

    it('signed by a key it does not know, even under a known kid', async () => {
      const stranger = await generateKeyPair('ES256');
      const [known] = JSON.parse((await testKeys()).signingKeys) as JWK[];
      const token = await new SignJWT({ roles: ['ADMIN'] })
        .setProtectedHeader({ alg: 'ES256', kid: known.kid })
        .setSubject(randomUUID())
        .setIssuer(TEST_ISSUER)
        .setAudience(TEST_AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(stranger.privateKey);
      await refused(token);
    });
  });
});

describe('signing key rotation', () => {
  it('signs with the first key, publishes all, and still accepts tokens of an older key in the list', async () => {
    const newer = await newPrivateJwk('2026-rotation');
    const older = JSON.parse((await testKeys()).signingKeys)[0] as JWK;
    const rotated = await startTestSubgraph(authSubgraph, { AUTH_SIGNING_KEYS: JSON.stringify([newer, older]) });
    try {
      const { body } = await jwksOf(rotated);
      expect(body.keys.map((key) => key.kid)).toEqual([newer.kid, older.kid]);
      expect(body.keys.some((key) => 'd' in key)).toBe(false);

      const user = await signUp(rotated.url);
      const session = await logIn(rotated.url, user.email, user.password);
      expect(decodeProtectedHeader(session.accessToken).kid).toBe(newer.kid);
      expect((await graphql(rotated.url, MY_ACCOUNT, {}, bearer(session))).errors).toBeUndefined();

      // Signed by the older key (the shared test key) before the rotation:
      const olderToken = await asCustomer(user.id);
      const { myAccount } = await expectData(rotated.url, MY_ACCOUNT, {}, olderToken);
      expect(myAccount.id).toBe(user.id);
    } finally {
      await rotated.stop();
    }

    // Once the older key leaves the list, its tokens stop working.
    const retired = await startTestSubgraph(authSubgraph, { AUTH_SIGNING_KEYS: JSON.stringify([newer]) });
    try {
      const response = await graphql(retired.url, MY_ACCOUNT, {}, await asCustomer());
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await retired.stop();
    }
  });
});

describe('AUTH_SIGNING_KEYS at start', () => {
  const startWith = (env: Record<string, string>) => startTestSubgraph(authSubgraph, env);

  it('rejects a value that is not a list of private P-256 keys, naming the variable and never echoing the secret', async () => {
    const valid = await newPrivateJwk();
    const cases: Array<[string, RegExp]> = [
      ['not json {', /not valid JSON/],
      ['[]', /at least one key/],
      [JSON.stringify([{ ...valid, kid: undefined }]), /kid/],
      [JSON.stringify([{ ...valid, d: undefined }]), /private/],
      [JSON.stringify([{ ...valid, crv: 'P-384' }]), /P-256/],
      [JSON.stringify([{ kty: 'RSA', n: 'abc', e: 'AQAB', d: valid.d, kid: 'rsa' }]), /EC/],
      [JSON.stringify([{ ...valid, alg: 'HS256' }]), /ES256/],
      [JSON.stringify([valid, { ...valid }]), /same kid/],
      [JSON.stringify([{ ...valid, x: valid.y }]), /not a valid P-256 private key/],
    ];
    for (const [value, reason] of cases) {
      const failure = await startWith({ AUTH_SIGNING_KEYS: value }).then(
        (started) => started.stop().then(() => null),
        (error: Error) => error,
      );
      expect(failure, value).toBeInstanceOf(ConfigError);
      expect(failure!.message).toMatch(/AUTH_SIGNING_KEYS/);
      expect(failure!.message, value).toMatch(reason);
      expect(failure!.message).not.toContain(valid.d);
    }
  });

  it('is required in production', async () => {
    const failure = startWith({ NODE_ENV: 'production', AUTH_SIGNING_KEYS: '' });
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/AUTH_SIGNING_KEYS: is required in production/);
  });

  it('falls back to an ephemeral key outside production', async () => {
    const ephemeral = await startWith({ AUTH_SIGNING_KEYS: '' });
    try {
      const { body } = await jwksOf(ephemeral);
      expect(body.keys).toHaveLength(1);
      expect(body.keys[0].kid).toMatch(/^ephemeral-/);
      const user = await signUp(ephemeral.url);
      const session = await logIn(ephemeral.url, user.email, user.password);
      expect((await graphql(ephemeral.url, MY_ACCOUNT, {}, bearer(session))).errors).toBeUndefined();
    } finally {
      await ephemeral.stop();
    }
  });
});
