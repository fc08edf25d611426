import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../prisma/users/client/client';
import type { PrismaStore } from '../../runtime/stores/prisma';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asAdmin, asCustomer, asStaff, testKeys } from '../../test/support/tokens';
import type { UsersProviders } from './context';
import { accountDeleted } from '../../runtime/events/contracts';
import { handleAccountEvent } from './events/account-events';
import { usersSubgraph } from './subgraph';
import { ADD_ADDRESS, address, ME, openUsersDatabase, UPDATE_PREFERENCES, UPDATE_PROFILE, USER } from './users.test-support';

/** A customer whose token carries an email claim, as the auth service's tokens do. */
async function customerWithEmail(accountId: string, email: string) {
  const token = await (await testKeys()).sign({ accountId, roles: ['CUSTOMER'], email });
  return { authorization: `Bearer ${token}` };
}

describe('users subgraph: profiles (PostgreSQL via Prisma)', () => {
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

  describe('me', () => {
    it('creates the profile lazily from the token, once, with the email local part as display name and default preferences', async () => {
      const id = randomUUID();
      const email = `${unique('Rosa.Mora')}@Example.COM`;
      const headers = await customerWithEmail(id, email);
      const { me } = await expectData(users.url, ME, {}, headers);
      expect(me).toMatchObject({
        id,
        email: email.toLowerCase(),
        displayName: email.split('@')[0].toLowerCase(),
        phone: null,
        addresses: [],
        preferences: { language: 'es', newsletterOptIn: false, favouriteFlowers: [], favouriteOccasions: [] },
      });
      const again = await expectData(users.url, ME, {}, headers);
      expect(again.me.createdAt).toBe(me.createdAt);
      expect(await db.prisma.user.count({ where: { id } })).toBe(1);
    });

    it('is race-safe: concurrent first calls create one profile and all succeed', async () => {
      const id = randomUUID();
      const headers = await customerWithEmail(id, `${unique('race')}@example.com`);
      const responses = await Promise.all(Array.from({ length: 8 }, () => graphql(users.url, ME, {}, headers)));
      for (const response of responses) expect(response.errors).toBeUndefined();
      expect(new Set(responses.map((response) => response.data.me.createdAt)).size).toBe(1);
      expect(await db.prisma.user.count({ where: { id } })).toBe(1);
    });

    it('works from a token without an email (null email, a neutral name) and learns the email later', async () => {
      const id = randomUUID();
      const { me } = await expectData(users.url, ME, {}, await asCustomer(id));
      expect(me).toMatchObject({ id, email: null, displayName: 'Customer' });
      const email = `${unique('late')}@example.com`;
      const later = await expectData(users.url, ME, {}, await customerWithEmail(id, email));
      expect(later.me).toMatchObject({ id, email, displayName: 'Customer' });
    });

    it('refuses anonymous callers with UNAUTHENTICATED', async () => {
      const response = await graphql(users.url, ME);
      expect(response.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('updateMyProfile', () => {
    it('changes the display name and phone, and a null phone removes it', async () => {
      const headers = await asCustomer();
      const { updateMyProfile } = await expectData(users.url, UPDATE_PROFILE, { input: { displayName: '  Ana Rojas ', phone: '+56 9 1234 5678' } }, headers);
      expect(updateMyProfile).toMatchObject({ displayName: 'Ana Rojas', phone: '+56 9 1234 5678' });
      const cleared = await expectData(users.url, UPDATE_PROFILE, { input: { phone: null } }, headers);
      expect(cleared.updateMyProfile).toMatchObject({ displayName: 'Ana Rojas', phone: null });
    });

    it.each([
      ['displayName', { displayName: '   ' }],
      ['displayName', { displayName: null }],
      ['displayName', { displayName: 'x'.repeat(101) }],
      ['phone', { displayName: 'Fine', phone: 'call me' }],
      ['phone', { phone: '12' }],
    ])('rejects bad %s, and changes nothing', async (field, input) => {
      const id = randomUUID();
      const headers = await asCustomer(id);
      await expectData(users.url, UPDATE_PROFILE, { input: { displayName: 'Before', phone: '+56 2 2222 2222' } }, headers);
      const response = await graphql(users.url, UPDATE_PROFILE, { input }, headers);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await db.prisma.user.findUnique({ where: { id } })).toMatchObject({ displayName: 'Before', phone: '+56 2 2222 2222' });
    });
  });

  describe('updateMyPreferences', () => {
    it('stores the preferences, canonicalising the language and collapsing duplicates', async () => {
      const headers = await asCustomer();
      const { updateMyPreferences } = await expectData(
        users.url,
        UPDATE_PREFERENCES,
        {
          input: {
            language: 'EN',
            newsletterOptIn: true,
            favouriteFlowers: [' Tulips', 'tulips', 'Peonies'],
            favouriteOccasions: ['BIRTHDAY', 'BIRTHDAY', 'WEDDING'],
          },
        },
        headers,
      );
      expect(updateMyPreferences).toEqual({
        language: 'en',
        newsletterOptIn: true,
        favouriteFlowers: ['Tulips', 'Peonies'],
        favouriteOccasions: ['BIRTHDAY', 'WEDDING'],
      });
      const partial = await expectData(users.url, UPDATE_PREFERENCES, { input: { newsletterOptIn: false } }, headers);
      expect(partial.updateMyPreferences).toEqual({ ...updateMyPreferences, newsletterOptIn: false });
      const { me } = await expectData(users.url, ME, {}, headers);
      expect(me.preferences).toEqual(partial.updateMyPreferences);
    });

    it.each([
      ['language', { language: 'fr' }],
      ['language', { language: 'not a tag!' }],
      ['newsletterOptIn', { newsletterOptIn: null }],
      ['favouriteFlowers', { favouriteFlowers: Array.from({ length: 11 }, (_, i) => `flower ${i}`) }],
      ['favouriteFlowers.1', { favouriteFlowers: ['roses', ' '] }],
      ['favouriteFlowers.0', { favouriteFlowers: ['x'.repeat(41)] }],
    ])('rejects bad %s, and changes nothing', async (field, input) => {
      const id = randomUUID();
      const headers = await asCustomer(id);
      await expectData(users.url, UPDATE_PREFERENCES, { input: { language: 'pt', favouriteFlowers: ['lilies'] } }, headers);
      const response = await graphql(users.url, UPDATE_PREFERENCES, { input: { newsletterOptIn: true, ...input } }, headers);
      expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
      expect(await db.prisma.preferences.findUnique({ where: { userId: id } })).toMatchObject({
        language: 'pt',
        newsletterOptIn: false,
        favouriteFlowers: ['lilies'],
      });
    });

    it('refuses an occasion outside the enum (GraphQL validation) and more than 10 occasions', async () => {
      const headers = await asCustomer();
      const unknown = await graphql(users.url, UPDATE_PREFERENCES, { input: { favouriteOccasions: ['HALLOWEEN'] } }, headers);
      expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      const tooMany = await graphql(users.url, UPDATE_PREFERENCES, { input: { favouriteOccasions: Array(11).fill('BIRTHDAY') } }, headers);
      expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'favouriteOccasions' });
    });
  });

  describe('who may read a profile', () => {
    it('user(id): the owner and staff may; another customer gets FORBIDDEN, anonymous UNAUTHENTICATED', async () => {
      const a = randomUUID();
      await expectData(users.url, UPDATE_PROFILE, { input: { displayName: 'Owner A', phone: '+56 9 8765 4321' } }, await asCustomer(a));
      const own = await expectData(users.url, USER, { id: a }, await asCustomer(a));
      expect(own.user).toMatchObject({ id: a, displayName: 'Owner A', phone: '+56 9 8765 4321' });
      for (const headers of [await asStaff(), await asAdmin()]) {
        expect((await expectData(users.url, USER, { id: a }, headers)).user).toMatchObject({ id: a, phone: '+56 9 8765 4321' });
      }
      const other = await graphql(users.url, USER, { id: a }, await asCustomer());
      expect(other.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(other.data?.user ?? null).toBeNull();
      const anonymous = await graphql(users.url, USER, { id: a });
      expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('another customer cannot change someone else: "my" mutations only ever touch the caller', async () => {
      const a = randomUUID();
      await expectData(users.url, UPDATE_PROFILE, { input: { displayName: 'Alice' } }, await asCustomer(a));
      const b = randomUUID();
      await expectData(users.url, UPDATE_PROFILE, { input: { displayName: 'Bob' } }, await asCustomer(b));
      expect(await db.prisma.user.findUnique({ where: { id: a } })).toMatchObject({ displayName: 'Alice' });
    });

    it('through _entities (how the router resolves Order.user or Review.author) only id and displayName are public', async () => {
      const a = randomUUID();
      const headers = await asCustomer(a);
      await expectData(users.url, UPDATE_PROFILE, { input: { displayName: 'Reviewer', phone: '+56 9 1111 2222' } }, headers);
      await expectData(users.url, ADD_ADDRESS, { input: address('Temuco') }, headers);
      const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id displayName } } }`;
      const representations = [
        { __typename: 'User', id: a },
        { __typename: 'User', id: 'nobody' },
      ];
      expect((await expectData(users.url, query, { r: representations }))._entities).toEqual([{ id: a, displayName: 'Reviewer' }, null]);

      const representation = { r: [{ __typename: 'User', id: a }] };
      // One private field per query, so a refusal elsewhere cannot hide a leak by nulling the whole entity.
      for (const selection of ['email', 'phone', 'createdAt', 'preferences { language }', 'addresses { city }']) {
        const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id ${selection} } } }`;
        const anonymous = await graphql(users.url, query, representation);
        expect(
          anonymous.errors?.map((error) => error.extensions?.code),
          selection,
        ).toContain('UNAUTHENTICATED');
        const other = await graphql(users.url, query, representation, await asCustomer());
        expect(
          other.errors?.map((error) => error.extensions?.code),
          selection,
        ).toContain('FORBIDDEN');
        for (const data of [anonymous.data, other.data]) {
          expect(JSON.stringify(data ?? null), selection).not.toMatch(/1111|Temuco|"es"|T\d\d:\d\d/);
        }
      }
      const privateQuery = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id email phone addresses { city } } } }`;
      const staff = await expectData(users.url, privateQuery, representation, await asStaff());
      expect(staff._entities).toEqual([{ id: a, email: null, phone: '+56 9 1111 2222', addresses: [{ city: 'Temuco' }] }]);
    });
  });

  describe('a deleted account', () => {
    it('keeps an anonymised profile that resolves, and refuses further changes with NOT_FOUND', async () => {
      const id = randomUUID();
      const headers = await customerWithEmail(id, `${unique('gone')}@example.com`);
      await expectData(users.url, UPDATE_PROFILE, { input: { displayName: 'Soon Gone', phone: '+56 9 3333 4444' } }, headers);
      await expectData(users.url, ADD_ADDRESS, { input: address('Arica') }, headers);
      await handleAccountEvent(
        { id: randomUUID(), type: accountDeleted.type, occurredAt: new Date().toISOString(), data: { accountId: id } },
        users.providers.accountEvents,
      );

      const { me } = await expectData(users.url, ME, {}, headers);
      expect(me).toMatchObject({ id, email: `deleted-${id}@invalid`, displayName: 'Deleted user', phone: null, addresses: [] });
      for (const [query, variables] of [
        [UPDATE_PROFILE, { input: { displayName: 'Back' } }],
        [UPDATE_PREFERENCES, { input: { newsletterOptIn: true } }],
        [ADD_ADDRESS, { input: address('Arica') }],
      ] as const) {
        const response = await graphql(users.url, query, variables, headers);
        expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      }
      expect(await db.prisma.user.findUnique({ where: { id } })).toMatchObject({ displayName: 'Deleted user', phone: null });
      expect(await db.prisma.address.count({ where: { userId: id } })).toBe(0);
      expect(await db.prisma.preferences.count({ where: { userId: id } })).toBe(0);
    });
  });
});
