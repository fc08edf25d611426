import { randomUUID } from 'node:crypto';
import { SignJWT, generateKeyPair, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql';
import { routerSubgraphCalls } from '../support/router-subgraph-calls';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asCustomer, TEST_AUDIENCE, TEST_ISSUER, testKeys } from '../support/tokens';

const MY_ORDERS = '{ myOrders { totalCount } }';

describe('access tokens', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph();
  });
  afterAll(() => supergraph?.stop());

  const bad: Array<[string, () => Promise<string>]> = [
    ['expired', async () => (await testKeys()).sign({ accountId: randomUUID(), roles: ['ADMIN'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    ['from another issuer', async () => (await testKeys()).sign({ accountId: randomUUID(), roles: ['ADMIN'] }, { issuer: 'someone-else' })],
    ['for another audience', async () => (await testKeys()).sign({ accountId: randomUUID(), roles: ['ADMIN'] }, { audience: 'another-api' })],
    [
      'tampered (roles edited after signing)',
      async () => {
        const [header, payload, signature] = (await (await testKeys()).sign({ accountId: randomUUID(), roles: ['CUSTOMER'] })).split('.');
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
        return [header, Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url'), signature].join('.');
      },
    ],
    [
      'unsigned (alg none)',
      async () =>
        new UnsecuredJWT({ roles: ['ADMIN'] })
          .setSubject(randomUUID())
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('5m')
          .encode(),
    ],
    [
      "signed by an attacker's key with a known kid",
      async () => {
        const { privateKey } = await generateKeyPair('ES256');
        const known = JSON.parse((await testKeys()).signingKeys)[0].kid;
        return new SignJWT({ roles: ['ADMIN'] })
          .setProtectedHeader({ alg: 'ES256', kid: known })
          .setSubject(randomUUID())
          .setIssuer(TEST_ISSUER)
          .setAudience(TEST_AUDIENCE)
          .setIssuedAt()
          .setExpirationTime('5m')
          .sign(privateKey);
      },
    ],
    ['not a JWT', async () => 'garbage'],
  ];

  it.each(bad)('the router refuses a token that is %s with 401 UNAUTHENTICATED, before calling any subgraph', async (_name, makeToken) => {
    const token = await makeToken();
    const before = await routerSubgraphCalls(supergraph);
    const response = await graphql(supergraph.routerUrl, MY_ORDERS, {}, { authorization: `Bearer ${token}` });
    expect(response.status).toBe(401);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data ?? null).toBeNull();
    expect(await routerSubgraphCalls(supergraph)).toBe(before);
  });

  it.each(bad)('a subgraph called directly refuses a token that is %s', async (_name, makeToken) => {
    const orders = supergraph.subgraphs.get('orders')!;
    const response = await graphql(orders.url, MY_ORDERS, {}, { authorization: `Bearer ${await makeToken()}` });
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data ?? null).toBeNull();
  });

  it('a subgraph called directly with forged identity headers treats the caller as anonymous', async () => {
    const orders = supergraph.subgraphs.get('orders')!;
    const forged = {
      'x-user-id': randomUUID(),
      'x-roles': 'ADMIN',
      'x-account-id': randomUUID(),
      'x-client-address': '10.0.0.1',
      'x-client-address-signature': 'forged',
    };
    const response = await graphql(orders.url, MY_ORDERS, {}, forged);
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect(response.data?.myOrders ?? null).toBeNull();
  });

  it('a valid token passes the router and the subgraph', async () => {
    const response = await graphql(supergraph.routerUrl, MY_ORDERS, {}, await asCustomer());
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ myOrders: { totalCount: 0 } });
  });

  it('the router republishes the public keys, and never a private part', async () => {
    const response = await fetch(supergraph.routerUrl.replace('/graphql', '/.well-known/jwks.json'));
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatchObject({ kty: 'EC', crv: 'P-256' });
      expect(key.d).toBeUndefined();
    }
  });
});
