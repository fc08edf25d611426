import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import type { UsersStores } from './context';
import { usersSubgraph } from './subgraph';

const CREATE = `mutation($input: CreateUserInput!) { createUserProfile(input: $input) { id email displayName phone } }`;
const ADD_ADDRESS = `mutation($userId: ID!, $input: AddAddressInput!) { addAddress(userId: $userId, input: $input) { id isDefault city } }`;
const address = (city: string, isDefault = false) => ({ recipient: 'Ana', line1: 'Calle 1', city, postalCode: '1000', country: 'CL', isDefault });

describe('users subgraph (PostgreSQL via Prisma)', () => {
  let users: StartedSubgraph<UsersStores>;
  beforeAll(async () => {
    users = await startTestSubgraph(usersSubgraph);
  });
  afterAll(() => users?.stop());

  const createUser = async () => {
    const id = randomUUID();
    await expectData(users.url, CREATE, { input: { id, email: `${unique('U')}@Example.com`, displayName: ' Ana ' } });
    return id;
  };

  it('creates a profile with a normalised email and reads it back', async () => {
    const id = randomUUID();
    const email = `${unique('Ana')}@Example.COM`;
    const { createUserProfile } = await expectData(users.url, CREATE, { input: { id, email, displayName: 'Ana Rojas', phone: '+56 9 1234 5678' } });
    expect(createUserProfile).toEqual({ id, email: email.toLowerCase(), displayName: 'Ana Rojas', phone: '+56 9 1234 5678' });
    const { user } = await expectData(users.url, `query($id: ID!) { user(id: $id) { email addresses { id } } }`, { id });
    expect(user).toEqual({ email: email.toLowerCase(), addresses: [] });
  });

  it('refuses a second profile with the same email with CONFLICT', async () => {
    const email = `${unique('dup')}@example.com`;
    await expectData(users.url, CREATE, { input: { id: randomUUID(), email, displayName: 'One' } });
    const second = await graphql(users.url, CREATE, { input: { id: randomUUID(), email, displayName: 'Two' } });
    expect(second.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', field: 'email' });
  });

  it('keeps exactly one default address: the first, then whichever is marked default', async () => {
    const userId = await createUser();
    const first = (await expectData(users.url, ADD_ADDRESS, { userId, input: address('Santiago') })).addAddress;
    expect(first.isDefault).toBe(true);
    const second = (await expectData(users.url, ADD_ADDRESS, { userId, input: address('Valparaíso') })).addAddress;
    expect(second.isDefault).toBe(false);
    await expectData(users.url, ADD_ADDRESS, { userId, input: address('Concepción', true) });
    const { user } = await expectData(users.url, `query($id: ID!) { user(id: $id) { addresses { city isDefault } } }`, { id: userId });
    expect(user.addresses).toEqual([
      { city: 'Concepción', isDefault: true },
      { city: 'Santiago', isDefault: false },
      { city: 'Valparaíso', isDefault: false },
    ]);
  });

  it('rejects an invalid address with the field named, and stores nothing', async () => {
    const userId = await createUser();
    const response = await graphql(users.url, ADD_ADDRESS, { userId, input: { ...address('Lima'), country: 'Peru' } });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'country' });
    const { user } = await expectData(users.url, `query($id: ID!) { user(id: $id) { addresses { id } } }`, { id: userId });
    expect(user.addresses).toEqual([]);
    const unknownUser = await graphql(users.url, ADD_ADDRESS, { userId: randomUUID(), input: address('Lima') });
    expect(unknownUser.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('resolves User references with their addresses in the order asked', async () => {
    const a = await createUser();
    const b = await createUser();
    await expectData(users.url, ADD_ADDRESS, { userId: b, input: address('Temuco') });
    const { _entities } = await expectData(
      users.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id addresses { city } } } }`,
      { r: [{ __typename: 'User', id: b }, { __typename: 'User', id: 'nobody' }, { __typename: 'User', id: a }] },
    );
    expect(_entities).toEqual([{ id: b, addresses: [{ city: 'Temuco' }] }, null, { id: a, addresses: [] }]);
  });
});
