import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../../prisma/users/client/client';
import type { PrismaStore } from '../../runtime/stores/prisma';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { indexDefinitions } from '../../test/support/indexes';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import type { UsersProviders } from './context';
import { accountDeleted } from '../../runtime/events/contracts';
import { handleAccountEvent } from './events/account-events';
import { searchNameOf } from './store/profile-defaults';
import { encodeUserCursor } from './store/user-cursor';
import { usersSubgraph } from './subgraph';
import { openUsersDatabase, USERS } from './users.test-support';

interface Node {
  id: string;
  email: string | null;
  displayName: string;
  createdAt: string;
}

describe('users subgraph: the staff listing `users`', () => {
  let users: StartedSubgraph<UsersProviders>;
  let db: PrismaStore<PrismaClient>;
  let staff: Record<string, string>;
  beforeAll(async () => {
    users = await startTestSubgraph(usersSubgraph);
    db = await openUsersDatabase(testEnv.DATABASE_URL);
    staff = await asStaff();
  });
  afterAll(async () => {
    await users?.stop();
    await db?.close();
  });

  /** Profiles whose emails share a fresh prefix; `sameInstant` gives them all one createdAt (ties on the first sort key). */
  async function seed(count: number, options: { displayName?: (i: number) => string; sameInstant?: boolean } = {}) {
    const prefix = unique('dir').toLowerCase();
    const instant = new Date(Date.now() - 60_000);
    const rows = Array.from({ length: count }, (_, i) => {
      const displayName = options.displayName?.(i) ?? `Person ${i}`;
      return {
        id: randomUUID(),
        email: `${prefix}-${String(i).padStart(3, '0')}@example.com`,
        displayName,
        searchName: searchNameOf(displayName),
        createdAt: options.sameInstant ? instant : new Date(instant.getTime() + (i % 3) * 1000),
      };
    });
    await db.prisma.user.createMany({ data: rows });
    return { prefix, rows };
  }

  /** The listing's order: createdAt desc, then id desc. */
  const expectedOrder = (rows: { id: string; createdAt: Date }[]) =>
    [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((row) => row.id);

  async function page(variables: Record<string, unknown>) {
    return (await expectData(users.url, USERS, variables, staff)).users as {
      totalCount: number;
      edges: { cursor: string; node: Node }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
  }

  async function walk(search: string, first: number): Promise<string[]> {
    const seen: string[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 100; guard += 1) {
      const result = await page({ first, after, search });
      seen.push(...result.edges.map((edge) => edge.node.id));
      if (!result.pageInfo.hasNextPage) return seen;
      expect(result.pageInfo.endCursor).toBe(result.edges.at(-1)?.cursor);
      after = result.pageInfo.endCursor;
    }
    throw new Error('pagination did not end');
  }

  it('pages through every match exactly once in (createdAt desc, id desc) order, ties included', async () => {
    const { prefix, rows } = await seed(7, { sameInstant: true });
    const ids = await walk(prefix, 2);
    expect(ids).toEqual(expectedOrder(rows));
    const mixed = await seed(9);
    expect(await walk(mixed.prefix, 4)).toEqual(expectedOrder(mixed.rows));
  });

  it('neither repeats nor skips rows when profiles are added between pages', async () => {
    const { prefix, rows } = await seed(6);
    const first = await page({ first: 3, search: prefix });
    expect(first.totalCount).toBe(6);
    // A newer profile lands before the cursor: the next page must not shift onto rows already seen.
    await db.prisma.user.create({ data: { id: randomUUID(), email: `${prefix}-new@example.com`, displayName: 'New', searchName: 'new' } });
    const second = await page({ first: 3, after: first.pageInfo.endCursor, search: prefix });
    expect([...first.edges, ...second.edges].map((edge) => edge.node.id)).toEqual(expectedOrder(rows));
    expect(second.pageInfo.hasNextPage).toBe(false);
    expect(second.totalCount).toBe(7);
  });

  it('caps a page at 100 and refuses first < 1', async () => {
    const { prefix } = await seed(103);
    const big = await page({ first: 1000, search: prefix });
    expect(big.edges).toHaveLength(100);
    expect(big.pageInfo.hasNextPage).toBe(true);
    expect(big.totalCount).toBe(103);
    const rest = await page({ first: 100, after: big.pageInfo.endCursor, search: prefix });
    expect(rest.edges).toHaveLength(3);
    const zero = await graphql(users.url, USERS, { first: 0 }, staff);
    expect(zero.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('refuses a tampered, truncated or foreign cursor with BAD_USER_INPUT', async () => {
    const { prefix } = await seed(3);
    const { pageInfo } = await page({ first: 1, search: prefix });
    const cursor = pageInfo.endCursor!;
    const [body, check] = cursor.split('.');
    const otherBody = Buffer.from(`${Date.now()}:${randomUUID()}`).toString('base64url');
    for (const bad of [
      `${otherBody}.${check}`,
      cursor.slice(0, -1),
      `${body.slice(0, -2)}${body.slice(-2) === 'AA' ? 'BB' : 'AA'}.${check}`,
      'not-a-cursor',
      Buffer.from(JSON.stringify({ id: 'x' })).toString('base64'),
      'x'.repeat(500),
    ]) {
      const response = await graphql(users.url, USERS, { first: 1, after: bad, search: prefix }, staff);
      expect(response.errors?.[0].extensions, bad).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
    // A well-formed cursor is accepted whatever position it names.
    const fromNowhere = encodeUserCursor({ createdAt: new Date(0), id: 'a' });
    expect((await page({ first: 1, after: fromNowhere, search: prefix })).edges).toEqual([]);
  });

  it('searches by email or display name prefix, case-insensitively, with LIKE wildcards taken literally', async () => {
    const token = unique('Zinnia').replace(/-/g, '');
    const { prefix, rows } = await seed(4, { displayName: (i) => (i < 2 ? `${token} Flores ${i}` : `Other ${i}`) });
    const byName = await page({ first: 10, search: `  ${token.toUpperCase()} fl` });
    expect(byName.edges.map((edge) => edge.node.id).sort()).toEqual(
      rows
        .slice(0, 2)
        .map((row) => row.id)
        .sort(),
    );
    expect(byName.totalCount).toBe(2);
    const byEmail = await page({ first: 10, search: `${prefix.toUpperCase()}-003` });
    expect(byEmail.edges.map((edge) => edge.node.email)).toEqual([`${prefix}-003@example.com`]);
    expect((await page({ first: 10, search: `${token.slice(0, 4)}%${token.slice(5)}` })).totalCount).toBe(0);
    expect((await page({ first: 10, search: `${prefix.slice(0, 3)}_${prefix.slice(4)}` })).totalCount).toBe(0);
    expect((await page({ first: 10, search: `x${prefix}` })).totalCount).toBe(0);
    expect((await page({ first: 10, search: `${prefix}\\` })).totalCount).toBe(0);
  });

  it('leaves deleted (anonymised) profiles out', async () => {
    const { prefix, rows } = await seed(3);
    await handleAccountEvent(
      { id: randomUUID(), type: accountDeleted.type, occurredAt: new Date().toISOString(), data: { accountId: rows[0].id } },
      users.providers.accountEvents,
    );
    const result = await page({ first: 10, search: prefix });
    expect(result.totalCount).toBe(2);
    expect(result.edges.map((edge) => edge.node.id)).not.toContain(rows[0].id);
  });

  it('is for staff and admins only', async () => {
    expect((await expectData(users.url, USERS, { first: 1 }, await asAdmin())).users.edges).toHaveLength(1);
    expect((await graphql(users.url, USERS, { first: 1 }, await asCustomer())).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await graphql(users.url, USERS, { first: 1 })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('the prefix searches have SP-GiST indexes to use', async () => {
    const indexes = await indexDefinitions(db.prisma, 'users', 'users');
    expect(indexes).toContainEqual(expect.stringMatching(/users_email_prefix_idx .*USING spgist \(email\)/));
    expect(indexes).toContainEqual(expect.stringMatching(/users_search_name_prefix_idx .*USING spgist \(search_name\)/));
  });
});
