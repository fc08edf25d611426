import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql } from '../../test/support/graphql';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import { CHANGE_STATUS, codesOf, placeDirectly, startOrdersFixture, type OrdersFixture } from './orders.test-support';

const GET = `query($id: ID!) { order(id: $id) { id customer { id } total { amount } lines { productName } } }`;
const MY_ORDERS = `query($first: Int, $after: String) { myOrders(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id } } } }`;
const ORDERS = `query($filter: OrdersFilter, $first: Int, $after: String) { orders(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status } } } }`;
const USER_ORDERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id orderHistory(first: 10) { totalCount edges { node { id } } } } } }`;
const DEPRECATED_USER_ORDERS = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id orders(first: 10) { totalCount edges { node { id } } } } } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id total { amount } lines { quantity productName } timeline { status } } } }`;

const idsOf = (connection: { edges: Array<{ node: { id: string } }> }) => connection.edges.map((edge) => edge.node.id);

describe('order queries and access (orders subgraph, real PostgreSQL)', () => {
  let shop: OrdersFixture;
  beforeAll(async () => {
    shop = await startOrdersFixture();
  });
  afterAll(() => shop?.stop());

  it("pages through the customer's own orders, newest first, with opaque cursors", async () => {
    const ana = randomUUID();
    const headers = await asCustomer(ana);
    const placed = [];
    for (let i = 0; i < 3; i += 1) placed.push(await placeDirectly(shop, ana));
    await placeDirectly(shop, randomUUID()); // someone else's
    const first = (await expectData(shop.orders.url, MY_ORDERS, { first: 2 }, headers)).myOrders;
    expect(first.totalCount).toBe(3);
    expect(idsOf(first)).toEqual([placed[2], placed[1]]);
    expect(first.pageInfo).toEqual({ hasNextPage: true, endCursor: first.edges[1].cursor });
    const second = (await expectData(shop.orders.url, MY_ORDERS, { first: 2, after: first.pageInfo.endCursor }, headers)).myOrders;
    expect(idsOf(second)).toEqual([placed[0]]);
    expect(second.pageInfo.hasNextPage).toBe(false);
    const forged = await graphql(shop.orders.url, MY_ORDERS, { after: `${first.pageInfo.endCursor}x` }, headers);
    expect(forged.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('lists all orders to staff, filtered by status, customer and date placed', async () => {
    const ana = randomUUID();
    const confirmed = await placeDirectly(shop, ana);
    const pending = await placeDirectly(shop, ana);
    await expectData(shop.orders.url, CHANGE_STATUS, { id: confirmed, status: 'CONFIRMED' }, await asStaff());
    const staff = await asStaff();
    const all = (await expectData(shop.orders.url, ORDERS, { filter: { customerId: ana } }, staff)).orders;
    expect(idsOf(all)).toEqual([pending, confirmed]);
    const onlyConfirmed = (await expectData(shop.orders.url, ORDERS, { filter: { customerId: ana, statuses: ['CONFIRMED'] } }, staff)).orders;
    expect(onlyConfirmed.edges).toEqual([{ node: { id: confirmed, status: 'CONFIRMED' } }]);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await expectData(shop.orders.url, ORDERS, { filter: { customerId: ana, placedFrom: future } }, staff)).orders.totalCount).toBe(0);
    const lastHour = { customerId: ana, placedFrom: new Date(Date.now() - 3_600_000).toISOString(), placedBefore: future };
    expect((await expectData(shop.orders.url, ORDERS, { filter: lastHour }, await asAdmin())).orders.totalCount).toBe(2);
    const backwards = await graphql(shop.orders.url, ORDERS, { filter: { placedFrom: future, placedBefore: new Date().toISOString() } }, staff);
    expect(backwards.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.placedBefore' });
    expect(codesOf(await graphql(shop.orders.url, ORDERS, {}, await asCustomer(ana)))).toEqual(['FORBIDDEN']);
    expect(codesOf(await graphql(shop.orders.url, ORDERS, {}))).toEqual(['UNAUTHENTICATED']);
  });

  it("contributes User.orderHistory: the customer's own and, to staff, anyone's; nobody else's", async () => {
    const ana = randomUUID();
    const id = await placeDirectly(shop, ana);
    const r = [{ __typename: 'User', id: ana }];
    const own = await expectData(shop.orders.url, USER_ORDERS, { r }, await asCustomer(ana));
    expect(own._entities).toEqual([{ id: ana, orderHistory: { totalCount: 1, edges: [{ node: { id } }] } }]);
    expect((await expectData(shop.orders.url, USER_ORDERS, { r }, await asStaff()))._entities[0].orderHistory.totalCount).toBe(1);
    const stranger = await graphql(shop.orders.url, USER_ORDERS, { r }, await asCustomer());
    expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(stranger.data)).not.toContain(id);
    // The deprecated User.orders answers alike, under the same rule.
    const deprecated = await expectData(shop.orders.url, DEPRECATED_USER_ORDERS, { r }, await asCustomer(ana));
    expect(deprecated._entities).toEqual([{ id: ana, orders: { totalCount: 1, edges: [{ node: { id } }] } }]);
    expect(codesOf(await graphql(shop.orders.url, DEPRECATED_USER_ORDERS, { r }, await asCustomer()))).toEqual(['FORBIDDEN']);
  });

  it('shows an order to its customer and to staff; anonymous gets UNAUTHENTICATED, another customer FORBIDDEN', async () => {
    const ana = randomUUID();
    const id = await placeDirectly(shop, ana, [{ productId: 'p-secret', productName: 'Bouquet secret', unitPriceMinor: 4321, quantity: 1 }]);
    const expected = { id, customer: { id: ana }, total: { amount: '43.21' }, lines: [{ productName: 'Bouquet secret' }] };
    expect((await expectData(shop.orders.url, GET, { id }, await asCustomer(ana))).order).toEqual(expected);
    expect((await expectData(shop.orders.url, GET, { id }, await asStaff())).order).toEqual(expected);
    const anonymous = await graphql(shop.orders.url, GET, { id });
    expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
    const stranger = await graphql(shop.orders.url, GET, { id }, await asCustomer());
    expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
    expect(stranger.data?.order).toBeNull();
    expect((await expectData(shop.orders.url, GET, { id: randomUUID() }, await asCustomer(ana))).order).toBeNull();
  });

  it("gives no field of another customer's order, its lines or its timeline through _entities, and resolves references in the order asked", async () => {
    const ana = randomUUID();
    const a = await placeDirectly(shop, ana, [{ productId: 'p-a', productName: 'Bouquet secret', unitPriceMinor: 4321, quantity: 1 }]);
    const b = await placeDirectly(shop, ana);
    const r = [
      { __typename: 'Order', id: b },
      { __typename: 'Order', id: randomUUID() },
      { __typename: 'Order', id: a },
    ];
    const own = await expectData(shop.orders.url, ENTITIES, { r }, await asCustomer(ana));
    expect(own._entities.map((entity: { id: string } | null) => entity?.id ?? null)).toEqual([b, null, a]);
    expect(own._entities[2]).toEqual({
      id: a,
      total: { amount: '43.21' },
      lines: [{ quantity: 1, productName: 'Bouquet secret' }],
      timeline: [{ status: 'PENDING' }],
    });
    const stranger = await graphql(shop.orders.url, ENTITIES, { r: [{ __typename: 'Order', id: a }] }, await asCustomer());
    expect(stranger.data?._entities).toEqual([null]);
    expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
    expect(JSON.stringify(stranger)).not.toMatch(/43\.21|Bouquet secret/);
  });
});
