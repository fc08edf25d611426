import { verify } from '@node-rs/argon2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import type { AuthStores } from './context';
import { authSubgraph } from './subgraph';

const REGISTER = `mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id email roles profile { id } } }`;

describe('auth subgraph (PostgreSQL via Prisma)', () => {
  let auth: StartedSubgraph<AuthStores>;
  beforeAll(async () => {
    auth = await startTestSubgraph(authSubgraph);
  });
  afterAll(() => auth?.stop());

  it('registers a customer account and stores only an argon2id hash of the password', async () => {
    const email = `${unique('Rosa')}@Example.com`;
    const { registerAccount } = await expectData(auth.url, REGISTER, { input: { email, password: 'correct horse battery' } });
    expect(registerAccount).toMatchObject({ email: email.toLowerCase(), roles: ['CUSTOMER'], profile: { id: registerAccount.id } });
    const stored = await auth.stores.accounts.passwordHashOf(registerAccount.id);
    expect(stored).toMatch(/^\$argon2id\$/);
    expect(await verify(stored!, 'correct horse battery')).toBe(true);
    const { account } = await expectData(auth.url, `query($id: ID!) { account(id: $id) { email } }`, { id: registerAccount.id });
    expect(account.email).toBe(email.toLowerCase());
  });

  it('refuses a second account for the same email, whatever its case', async () => {
    const email = `${unique('dup')}@example.com`;
    await expectData(auth.url, REGISTER, { input: { email, password: 'long enough password' } });
    const again = await graphql(auth.url, REGISTER, { input: { email: email.toUpperCase(), password: 'long enough password' } });
    expect(again.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('rejects a short password and creates nothing', async () => {
    const email = `${unique('short')}@example.com`;
    const response = await graphql(auth.url, REGISTER, { input: { email, password: 'short' } });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    const retry = await graphql(auth.url, REGISTER, { input: { email, password: 'now long enough' } });
    expect(retry.errors).toBeUndefined();
  });

  it('never exposes the password hash in the schema', async () => {
    const response = await graphql(auth.url, '{ __type(name: "Account") { fields { name } } }');
    const fields = response.data.__type.fields.map((field: { name: string }) => field.name);
    expect(fields).not.toContain('passwordHash');
  });
});
