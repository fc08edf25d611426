import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../prisma/users/client/client';
import type { PrismaStore } from '../../runtime/stores/prisma';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asCustomer, asStaff } from '../../test/support/tokens';
import type { UsersProviders } from './context';
import { MAX_ADDRESSES_PER_USER } from './inputs/address.input';
import { usersSubgraph } from './subgraph';
import { ADD_ADDRESS, address, DELETE_ADDRESS, MY_ADDRESSES, openUsersDatabase, SET_DEFAULT, UPDATE_ADDRESS } from './users.test-support';

describe('users subgraph: delivery addresses', () => {
  let users: StartedSubgraph<UsersProviders>;
  let db: PrismaStore<PrismaClient>;
  beforeAll(async () => {
    users = await startTestSubgraph(usersSubgraph);
    db = await openUsersDatabase(testEnv.DATABASE_URL);
  });
  afterAll(async () => {
    await users?.stop();
    await db?.close();
  });

  const customer = async () => {
    const id = randomUUID();
    return { id, headers: await asCustomer(id) };
  };
  const add = async (headers: Record<string, string>, city: string, extra: Record<string, unknown> = {}) =>
    (await expectData(users.url, ADD_ADDRESS, { input: address(city, extra) }, headers)).addAddress;
  const myAddresses = async (headers: Record<string, string>) => (await expectData(users.url, MY_ADDRESSES, {}, headers)).me.addresses;
  const defaultsOf = async (userId: string) => db.prisma.address.count({ where: { userId, isDefault: true } });

  it('adds addresses with courier details, normalised; the first is the default, then whichever is asked to be', async () => {
    const { headers } = await customer();
    const first = await add(headers, ' Santiago ', { country: 'cl', phone: '+56 9 5555 6666', instructions: 'Ring twice', label: '  ' });
    expect(first).toMatchObject({ city: 'Santiago', country: 'CL', phone: '+56 9 5555 6666', instructions: 'Ring twice', label: null, isDefault: true });
    expect((await add(headers, 'Valparaíso')).isDefault).toBe(false);
    expect((await add(headers, 'Concepción', { isDefault: true })).isDefault).toBe(true);
    expect(await myAddresses(headers)).toEqual([
      { id: expect.any(String), city: 'Concepción', isDefault: true },
      { id: first.id, city: 'Santiago', isDefault: false },
      { id: expect.any(String), city: 'Valparaíso', isDefault: false },
    ]);
  });

  it.each([
    ['country', { country: 'Chile' }],
    ['country', { country: 'XX' }],
    ['recipient', { recipient: ' ' }],
    ['line1', { line1: 'x'.repeat(201) }],
    ['line2', { line2: 'x'.repeat(201) }],
    ['city', { city: '' }],
    ['postalCode', { postalCode: '83#20' }],
    ['postalCode', { postalCode: '1'.repeat(21) }],
    ['phone', { phone: 'ask the neighbour' }],
    ['instructions', { instructions: 'x'.repeat(501) }],
    ['label', { label: 'x'.repeat(51) }],
  ])('rejects an address with a bad %s, and providers nothing', async (field, extra) => {
    const { id, headers } = await customer();
    const response = await graphql(users.url, ADD_ADDRESS, { input: address('Lima', extra) }, headers);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    expect(await db.prisma.address.count({ where: { userId: id } })).toBe(0);
  });

  it('updates the given fields only, clears optional ones with null, and validates like add', async () => {
    const { headers } = await customer();
    const created = await add(headers, 'Talca', { phone: '+56 9 1234 5678', instructions: 'Gate code 1234', label: 'Home' });
    const { updateAddress } = await expectData(users.url, UPDATE_ADDRESS, { id: created.id, input: { city: 'Curicó', instructions: null } }, headers);
    expect(updateAddress).toMatchObject({
      id: created.id,
      city: 'Curicó',
      recipient: 'Ana Rojas',
      label: 'Home',
      phone: '+56 9 1234 5678',
      instructions: null,
      isDefault: true,
    });
    for (const [input, field] of [
      [{ city: null }, 'city'],
      [{ country: 'ZZ' }, 'country'],
      [{ phone: '1' }, 'phone'],
    ] as const) {
      const response = await graphql(users.url, UPDATE_ADDRESS, { id: created.id, input }, headers);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await db.prisma.address.findUnique({ where: { id: created.id } })).toMatchObject({ city: 'Curicó', country: 'CL', phone: '+56 9 1234 5678' });
  });

  it("another customer's address is NOT_FOUND for every mutation, and stays as it was; staff get the same", async () => {
    const owner = await customer();
    const mine = await add(owner.headers, 'Osorno');
    const spare = await add(owner.headers, 'Puerto Montt');
    for (const intruder of [await asCustomer(), await asStaff()]) {
      for (const [query, variables] of [
        [UPDATE_ADDRESS, { id: mine.id, input: { city: 'Stolen' } }],
        [SET_DEFAULT, { id: spare.id }],
        [DELETE_ADDRESS, { id: mine.id }],
      ] as const) {
        const response = await graphql(users.url, query, variables, intruder);
        expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      }
    }
    expect(await myAddresses(owner.headers)).toEqual([
      { id: mine.id, city: 'Osorno', isDefault: true },
      { id: spare.id, city: 'Puerto Montt', isDefault: false },
    ]);
    const unknown = await graphql(users.url, SET_DEFAULT, { id: randomUUID() }, owner.headers);
    expect(unknown.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses anonymous callers with UNAUTHENTICATED', async () => {
    const response = await graphql(users.url, ADD_ADDRESS, { input: address('Iquique') });
    expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('setDefaultAddress moves the default; deleting the default promotes the oldest remaining address', async () => {
    const { headers } = await customer();
    const a = await add(headers, 'A');
    const b = await add(headers, 'B');
    const c = await add(headers, 'C');
    expect((await expectData(users.url, SET_DEFAULT, { id: c.id }, headers)).setDefaultAddress).toEqual({ id: c.id, isDefault: true });
    expect((await expectData(users.url, SET_DEFAULT, { id: c.id }, headers)).setDefaultAddress).toEqual({ id: c.id, isDefault: true });
    const afterDelete = (await expectData(users.url, DELETE_ADDRESS, { id: c.id }, headers)).deleteAddress;
    expect(afterDelete.addresses).toEqual([
      { id: a.id, isDefault: true },
      { id: b.id, isDefault: false },
    ]);
    await expectData(users.url, DELETE_ADDRESS, { id: b.id }, headers);
    const last = (await expectData(users.url, DELETE_ADDRESS, { id: a.id }, headers)).deleteAddress;
    expect(last.addresses).toEqual([]);
    const again = await graphql(users.url, DELETE_ADDRESS, { id: a.id }, headers);
    expect(again.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('keeps exactly one default under concurrent setDefaultAddress calls', async () => {
    const { id, headers } = await customer();
    const addresses: { id: string }[] = [];
    for (const city of ['P1', 'P2', 'P3', 'P4', 'P5']) addresses.push(await add(headers, city));
    const calls = Array.from({ length: 20 }, (_, i) => graphql(users.url, SET_DEFAULT, { id: addresses[i % addresses.length].id }, headers));
    for (const response of await Promise.all(calls)) expect(response.errors).toBeUndefined();
    expect(await defaultsOf(id)).toBe(1);
  });

  it('keeps exactly one default, and at most the maximum number, under concurrent adds, deletes and setDefault', async () => {
    const { id, headers } = await customer();
    const adds = await Promise.all(
      Array.from({ length: MAX_ADDRESSES_PER_USER + 4 }, (_, i) =>
        graphql(users.url, ADD_ADDRESS, { input: address(`City ${i}`, { isDefault: i % 3 === 0 }) }, headers),
      ),
    );
    const added = adds.filter((response) => !response.errors).map((response) => response.data.addAddress.id);
    expect(added).toHaveLength(MAX_ADDRESSES_PER_USER);
    for (const refused of adds.filter((response) => response.errors)) expect(refused.errors?.[0].extensions?.code).toBe('CONFLICT');
    expect(await db.prisma.address.count({ where: { userId: id } })).toBe(MAX_ADDRESSES_PER_USER);
    expect(await defaultsOf(id)).toBe(1);

    const mixed = added.flatMap((addressId, i) =>
      i % 2 === 0 ? [graphql(users.url, DELETE_ADDRESS, { id: addressId }, headers)] : [graphql(users.url, SET_DEFAULT, { id: addressId }, headers)],
    );
    await Promise.all(mixed);
    expect(await db.prisma.address.count({ where: { userId: id } })).toBe(MAX_ADDRESSES_PER_USER / 2);
    expect(await defaultsOf(id)).toBe(1);
  });

  it('the database itself refuses a second default for one user (partial unique index)', async () => {
    const { id, headers } = await customer();
    await add(headers, 'First');
    const second = await add(headers, 'Second');
    await expect(db.prisma.address.update({ where: { id: second.id }, data: { isDefault: true } })).rejects.toThrow();
    expect(await defaultsOf(id)).toBe(1);
  });
});
