import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { bearer, captureEvents, errorOf, fastEvents, fromAddress, LOGIN, logIn, SESSION_FIELDS, signUp, uniqueAddress, uniqueEmail } from './auth.test-support';
import type { AuthProviders } from './context';
import { authSubgraph } from './subgraph';

const GOOGLE = `mutation($idToken: String!) { signInWithGoogle(idToken: $idToken) { ${SESSION_FIELDS} } }`;
const CLIENT_ID = 'flores-test.apps.googleusercontent.com';

interface IdTokenClaims {
  sub?: string;
  email?: string;
  email_verified?: boolean | string;
  iss?: string;
  aud?: string;
  exp?: number;
}

/** Google, as far as the auth subgraph can tell: RS256 keys published on a loopback JWKS URL. */
async function fakeGoogle() {
  const { publicKey, privateKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `google-${randomUUID()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const server: Server = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const sign = (claims: IdTokenClaims, key: CryptoKey = privateKey, alg = 'RS256') => {
    const now = Math.floor(Date.now() / 1000);
    const { iss = 'https://accounts.google.com', aud = CLIENT_ID, exp = now + 3600, ...rest } = claims;
    return new SignJWT({ email_verified: true, ...rest })
      .setProtectedHeader({ alg, kid })
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt(now - 10)
      .setExpirationTime(exp)
      .sign(key);
  };
  return {
    jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/certs`,
    sign,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Google sign-in', () => {
  let google: Awaited<ReturnType<typeof fakeGoogle>>;
  let auth: StartedSubgraph<AuthProviders>;
  beforeAll(async () => {
    google = await fakeGoogle();
    auth = await startTestSubgraph(authSubgraph, { GOOGLE_CLIENT_ID: CLIENT_ID, GOOGLE_JWKS_URL: google.jwksUrl, ...fastEvents });
  });
  afterAll(async () => {
    await auth?.stop();
    await google?.close();
  });

  const signIn = async (claims: IdTokenClaims) => (await expectData(auth.url, GOOGLE, { idToken: await google.sign(claims) })).signInWithGoogle;
  const refused = async (idToken: string) => (await errorOf(auth.url, GOOGLE, { idToken })).error;

  it('creates a passwordless customer account for a new verified Google identity, then signs it in again', async () => {
    const capture = await captureEvents(['auth.account.registered']);
    try {
      const sub = randomUUID();
      const email = uniqueEmail('google');
      const first = await signIn({ sub, email: email.toUpperCase() });
      expect(first.account).toMatchObject({ email, roles: ['CUSTOMER'] });
      const { myAccount } = await expectData(auth.url, '{ myAccount { id } }', {}, bearer(first));
      expect(myAccount.id).toBe(first.account.id);
      await capture.waitFor((event) => event.data.accountId === first.account.id && event.data.email === email);
      expect(await auth.providers.accounts.passwordHashOf(first.account.id)).toBeNull();

      const again = await signIn({ sub, email });
      expect(again.account.id).toBe(first.account.id);
      // Google's `sub` is what identifies the person: a changed email still finds the account.
      const renamed = await signIn({ sub, email: uniqueEmail('renamed') });
      expect(renamed.account.id).toBe(first.account.id);
      // No password means no password sign-in, with the usual answer.
      const login = await errorOf(auth.url, LOGIN, { email, password: 'Anything at all 1' }, fromAddress(uniqueAddress()));
      expect(login.error?.message).toBe('The email or password is wrong');
    } finally {
      await capture.stop();
    }
  });

  it('links to the existing account with the same verified email; its password keeps working', async () => {
    const user = await signUp(auth.url);
    const session = await signIn({ sub: randomUUID(), email: user.email, iss: 'accounts.google.com' });
    expect(session.account.id).toBe(user.id);
    expect((await logIn(auth.url, user.email, user.password)).account.id).toBe(user.id);
  });

  it('refuses a second Google identity for an email already linked to another', async () => {
    const email = uniqueEmail('linked');
    await signIn({ sub: randomUUID(), email });
    const error = await refused(await google.sign({ sub: randomUUID(), email }));
    expect(error?.extensions).toMatchObject({ code: 'CONFLICT', field: 'idToken' });
  });

  it('requires an email Google has verified', async () => {
    const error = await refused(await google.sign({ sub: randomUUID(), email: uniqueEmail('unverified'), email_verified: false }));
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'idToken' });
  });

  it('refuses tokens for another client, from another issuer, expired, forged, or not RS256', async () => {
    const claims = { sub: randomUUID(), email: uniqueEmail('refused') };
    const stranger = await generateKeyPair('RS256');
    const ecKey = await generateKeyPair('ES256');
    const tokens = [
      await google.sign({ ...claims, aud: 'someone-elses-client' }),
      await google.sign({ ...claims, iss: 'https://evil.example.com' }),
      await google.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }),
      await google.sign(claims, stranger.privateKey),
      await google.sign(claims, ecKey.privateKey, 'ES256'),
      'not.a.token',
    ];
    for (const token of tokens) expect((await refused(token))?.extensions?.code, token).toBe('UNAUTHENTICATED');
    expect((await refused(tokens[2]))?.message).toMatch(/expired/);
    // None of them created an account.
    expect(await auth.providers.accounts.findRowByEmail(claims.email)).toBeNull();
    expect(await signIn(claims)).toMatchObject({ account: { email: claims.email } }); // the control case
  });

  it('answers NOT_CONFIGURED when GOOGLE_CLIENT_ID is not set', async () => {
    const unconfigured = await startTestSubgraph(authSubgraph, { GOOGLE_JWKS_URL: google.jwksUrl });
    try {
      const { error } = await errorOf(unconfigured.url, GOOGLE, { idToken: await google.sign({ sub: randomUUID(), email: uniqueEmail('x') }) });
      expect(error?.extensions?.code).toBe('NOT_CONFIGURED');
    } finally {
      await unconfigured.stop();
    }
  });
});
