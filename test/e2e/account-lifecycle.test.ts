import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql, unique } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asStaff } from '../support/tokens';
import { lastRead as eventually } from '../support/eventually';

/** Polls until `read` gives what `done` accepts, or fails after the timeout with the last value seen. */

describe('an account through its life, across auth, RabbitMQ and users', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph();
  });
  afterAll(() => supergraph?.stop());

  it('registering creates the profile by event; signing in works; deleting anonymises the profile', async () => {
    const email = `${unique('flora')}@example.com`;
    const password = 'Sunflowers 4 ever';
    const { registerAccount } = await expectData(supergraph.routerUrl, `mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }`, {
      input: { email, password },
    });
    const accountId = registerAccount.id;
    const staff = await asStaff();
    const profileOf = async () =>
      (await graphql(supergraph.routerUrl, `query($id: ID!) { user(id: $id) { email displayName } }`, { id: accountId }, staff)).data?.user;

    // Nobody has called `me`: only the auth.account.registered event can have made this profile.
    const created = await eventually(profileOf, (user) => user?.email === email);
    expect(created).toEqual({ email, displayName: email.split('@')[0] });

    const { login } = await expectData(
      supergraph.routerUrl,
      `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken account { id roles } } }`,
      { email, password },
    );
    expect(login.account).toEqual({ id: accountId, roles: ['CUSTOMER'] });
    const customer = { authorization: `Bearer ${login.accessToken}` };
    const { me } = await expectData(supergraph.routerUrl, '{ me { id email } }', {}, customer);
    expect(me).toEqual({ id: accountId, email });

    await expectData(supergraph.routerUrl, `mutation($password: String!) { deleteAccount(password: $password) { accountId } }`, { password }, customer);
    const anonymised = await eventually(profileOf, (user) => user?.displayName === 'Deleted user');
    expect(anonymised).toEqual({ email: `deleted-${accountId}@invalid`, displayName: 'Deleted user' });

    const again = await graphql(
      supergraph.routerUrl,
      `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`,
      { email, password },
    );
    expect(again.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers repeated wrong passwords with HTTP 429 and Retry-After once the account is locked', async () => {
    const email = `${unique('locked')}@example.com`;
    await expectData(supergraph.routerUrl, `mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }`, {
      input: { email, password: 'Peonies in 3 colours' },
    });
    const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
    let response = await graphql(supergraph.routerUrl, LOGIN, { email, password: 'wrong password 1' });
    for (let attempt = 0; attempt < 10 && response.errors?.[0].extensions?.code !== 'TOO_MANY_ATTEMPTS'; attempt += 1) {
      expect(response.status).toBe(200);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      response = await graphql(supergraph.routerUrl, LOGIN, { email, password: 'wrong password 1' });
    }
    expect(response.errors?.[0].extensions?.code).toBe('TOO_MANY_ATTEMPTS');
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
