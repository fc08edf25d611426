import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor, timePositionCursor } from '../../runtime/graphql/cursor';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { indexDefinitions } from '../../test/support/indexes';
import { testEnv } from '../../test/support/test-env';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { codesOf, fromAddress, message, roomyLimits, SEND, uniqueAddress } from './contact.test-support';
import type { ContactProviders } from './context';
import { contactSubgraph } from './subgraph';

const PAGE_FIELDS = 'totalCount edges { cursor node { id status subject createdAt replies { body } } } pageInfo { hasNextPage endCursor }';
const MINE = `query($first: Int, $after: String) { myTicketsConnection(first: $first, after: $after) { ${PAGE_FIELDS} } }`;
const STAFF = `query($status: TicketStatus, $first: Int, $after: String) { ticketsConnection(status: $status, first: $first, after: $after) { ${PAGE_FIELDS} } }`;
const STATUS = `mutation($id: ID!, $status: TicketStatus!) { changeTicketStatus(id: $id, status: $status) { id } }`;

interface Edge {
  cursor: string;
  node: { id: string; status: string; subject: string; createdAt: string };
}
interface Page {
  totalCount: number;
  edges: Edge[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Newest first, ties on the same millisecond broken by id, newest first too. */
const newestFirst = (a: Edge['node'], b: Edge['node']) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

describe('tickets a page at a time (PostgreSQL via Prisma)', () => {
  let contact: StartedSubgraph<ContactProviders>;
  let staff: Record<string, string>;
  beforeAll(async () => {
    contact = await startTestSubgraph(contactSubgraph, roomyLimits);
    staff = await asStaff();
  });
  afterAll(() => contact?.stop());

  const open = async (headers: Record<string, string> = {}, subject = unique('Paged')) =>
    (await expectData(contact.url, SEND, { input: message(subject) }, { ...fromAddress(uniqueAddress()), ...headers })).sendContactMessage as { id: string };
  /** Every page of a listing, `first` at a time, following endCursor. */
  const allPages = async (query: string, field: string, variables: Record<string, unknown>, headers: Record<string, string>, first: number) => {
    const pages: Page[] = [];
    let after: string | null = null;
    do {
      const page: Page = (await expectData(contact.url, query, { ...variables, first, after }, headers))[field];
      pages.push(page);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after && pages.length < 50);
    return pages;
  };

  it("pages through the caller's own tickets, newest first with ties broken by id, each once, with the total on every page", async () => {
    const customer = await asCustomer(randomUUID());
    // Sent together, so several share a millisecond: the id decides their order, and no page repeats or skips one.
    const sent = await Promise.all(Array.from({ length: 7 }, () => open(customer)));
    await open(await asCustomer()); // someone else's: never listed

    const pages = await allPages(MINE, 'myTicketsConnection', {}, customer, 3);
    expect(pages.map((page) => page.edges.length)).toEqual([3, 3, 1]);
    expect(pages.map((page) => page.totalCount)).toEqual([7, 7, 7]);
    expect(pages.map((page) => page.pageInfo.hasNextPage)).toEqual([true, true, false]);
    const nodes = pages.flatMap((page) => page.edges.map((edge) => edge.node));
    expect(nodes.map((node) => node.id).sort()).toEqual(sent.map((ticket) => ticket.id).sort());
    expect(nodes).toEqual([...nodes].sort(newestFirst));
    expect(pages[0].pageInfo.endCursor).toBe(pages[0].edges[2].cursor);

    // The deprecated list answers the same tickets in the same order.
    const { myTickets } = await expectData(contact.url, '{ myTickets(first: 10) { id } }', {}, customer);
    expect(myTickets.map((ticket: { id: string }) => ticket.id)).toEqual(nodes.map((node) => node.id));
  });

  it('resumes after its cursor whatever was opened meanwhile: a new ticket goes to the top, not into the next page', async () => {
    const customer = await asCustomer(randomUUID());
    const [older, old] = [await open(customer), await open(customer)];
    const first = (await expectData(contact.url, MINE, { first: 1 }, customer)).myTicketsConnection as Page;
    expect(first.edges.map((edge) => edge.node.id)).toEqual([old.id]);
    const newer = await open(customer);
    const next = (await expectData(contact.url, MINE, { first: 5, after: first.pageInfo.endCursor }, customer)).myTicketsConnection as Page;
    expect(next.edges.map((edge) => edge.node.id)).toEqual([older.id]);
    expect(next).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: false } });
    const top = (await expectData(contact.url, MINE, { first: 1 }, customer)).myTicketsConnection as Page;
    expect(top.edges[0].node.id).toBe(newer.id);
  });

  it('lets staff page through the tickets of one status, newest first; other statuses never show', async () => {
    const subject = unique('Staff paged');
    const [a, b, c] = [await open({}, subject), await open({}, subject), await open({}, subject)];
    for (const ticket of [a, c]) await expectData(contact.url, STATUS, { id: ticket.id, status: 'CLOSED' }, staff);

    // Other runs add CLOSED tickets too: only what this test made is asserted, found from the newest page on.
    const pages = await allPages(STAFF, 'ticketsConnection', { status: 'CLOSED' }, staff, 2);
    const nodes = pages.flatMap((page) => page.edges.map((edge) => edge.node));
    expect(new Set(nodes.map((node) => node.status))).toEqual(new Set(['CLOSED']));
    expect(new Set(nodes.map((node) => node.id)).size).toBe(nodes.length);
    expect(nodes.filter((node) => node.subject === subject).map((node) => node.id)).toEqual([c.id, a.id]);
    expect(nodes).toEqual([...nodes].sort(newestFirst));
    expect(pages.every((page) => page.totalCount >= 2)).toBe(true);

    const open_ = (await expectData(contact.url, STAFF, { status: 'OPEN', first: 5 }, staff)).ticketsConnection as Page;
    expect(open_.edges.map((edge) => edge.node.id)).toContain(b.id);
    const everything = (await expectData(contact.url, STAFF, { first: 100 }, staff)).ticketsConnection as Page;
    expect(everything.edges.map((edge) => edge.node.id)).toEqual(expect.arrayContaining([a.id, b.id, c.id]));
  });

  it('refuses a cursor it did not make with BAD_USER_INPUT on `after`, and clamps the page size', async () => {
    const customer = await asCustomer(randomUUID());
    await open(customer);
    const forged = [
      'forged',
      encodeCursor({ createdAt: new Date().toISOString(), id: randomUUID() }), // an order's cursor
      timePositionCursor({ at: new Date(), id: '65a1b2c3d4e5f6a7b8c9d0e1' }), // a review's
      timePositionCursor({ at: new Date(), id: "x' OR '1'='1" }),
    ];
    for (const after of forged) {
      const refused = await graphql(contact.url, MINE, { after }, customer);
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      expect(refused.errors?.[0].message).toMatch(/cursor is not valid/);
    }
    const none = (await expectData(contact.url, MINE, { first: 0 }, customer)).myTicketsConnection as Page;
    expect(none).toEqual({ totalCount: 1, edges: [], pageInfo: { hasNextPage: true, endCursor: null } });
    const negative = (await expectData(contact.url, MINE, { first: -3 }, customer)).myTicketsConnection as Page;
    expect(negative.edges).toEqual([]);
    const huge = (await expectData(contact.url, STAFF, { first: 10_000 }, staff)).ticketsConnection as Page;
    expect(huge.edges.length).toBeLessThanOrEqual(100);
  });

  it('keeps the staff listing to staff and a sender listing to the signed in', async () => {
    expect(codesOf(await graphql(contact.url, MINE, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await graphql(contact.url, STAFF, {}))).toEqual(['UNAUTHENTICATED']);
    expect(codesOf(await graphql(contact.url, STAFF, {}, await asCustomer()))).toEqual(['FORBIDDEN']);
    const mine = (await expectData(contact.url, MINE, {}, await asCustomer(randomUUID()))).myTicketsConnection as Page;
    expect(mine).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('has an index for each listing: by sender, by status, and of every ticket, each newest first', async () => {
    const client = new pg.Client({ connectionString: testEnv.DATABASE_URL });
    await client.connect();
    try {
      const query = async <T>(sql: string, ...values: unknown[]) => (await client.query(sql, values)).rows as T;
      const indexes = await indexDefinitions({ $queryRawUnsafe: query }, 'contact', 'tickets');
      for (const columns of ['user_id, created_at', 'status, created_at', 'created_at']) {
        expect(indexes.some((definition) => definition.endsWith(`USING btree (${columns})`))).toBe(true);
      }
    } finally {
      await client.end();
    }
  });
});
