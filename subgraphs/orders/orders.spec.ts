import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import type { OrdersStores } from './context';
import { ordersSubgraph } from './subgraph';

const PLACE = `mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status subtotal { amountMinor amount currency } user { id } lines { productName quantity lineTotal { amount } product { id } } }
}`;
const GET = `query($id: ID!) { order(id: $id) { id user { id } subtotal { amount } lines { productName } } }`;
const MY_ORDERS = `query($first: Int) { myOrders(first: $first) { id } }`;
const BY_USER = `query($u: ID!) { ordersByUser(userId: $u) { id } }`;
const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id subtotal { amount } lines { quantity productName } } } }`;
const line = (productId: string, unitPriceMinor: number, quantity: number) => ({ productId, productName: `Bouquet ${productId}`, unitPriceMinor, quantity });

const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  [...new Set((response.errors ?? []).map((error) => error.extensions?.code))];

/** A signed-in customer: their account id and the headers that carry their token. */
const customer = async () => {
  const id = randomUUID();
  return { id, headers: await asCustomer(id) };
};

describe('orders subgraph (PostgreSQL via Prisma)', () => {
  let orders: StartedSubgraph<OrdersStores>;
  beforeAll(async () => {
    orders = await startTestSubgraph(ordersSubgraph);
  });
  afterAll(() => orders?.stop());

  const place = async (headers: Record<string, string>, lines = [line('a', 100, 1)]) =>
    (await expectData(orders.url, PLACE, { input: { lines } }, headers)).placeOrder.id as string;

  it('places an order for the signed-in customer with its lines and totals', async () => {
    const ana = await customer();
    const { placeOrder } = await expectData(orders.url, PLACE, { input: { currency: 'EUR', lines: [line('a', 1250, 2), line('b', 999, 1)] } }, ana.headers);
    expect(placeOrder).toMatchObject({ status: 'PENDING', subtotal: { amountMinor: 3499, amount: '34.99', currency: 'EUR' }, user: { id: ana.id } });
    expect(placeOrder.lines).toEqual([
      { productName: 'Bouquet a', quantity: 2, lineTotal: { amount: '25.00' }, product: { id: 'a' } },
      { productName: 'Bouquet b', quantity: 1, lineTotal: { amount: '9.99' }, product: { id: 'b' } },
    ]);
  });

  it("lists the caller's own orders newest first, and any customer's to staff", async () => {
    const ana = await customer();
    const first = await place(ana.headers, [line('a', 100, 1)]);
    const second = await place(ana.headers, [line('b', 200, 1)]);
    await place((await customer()).headers); // someone else's order is not Ana's
    const { myOrders } = await expectData(orders.url, MY_ORDERS, {}, ana.headers);
    expect(myOrders.map((order: { id: string }) => order.id)).toEqual([second, first]);
    expect((await expectData(orders.url, MY_ORDERS, { first: 1 }, ana.headers)).myOrders).toEqual([{ id: second }]);
    const { ordersByUser } = await expectData(orders.url, BY_USER, { u: ana.id }, await asStaff());
    expect(ordersByUser.map((order: { id: string }) => order.id)).toEqual([second, first]);
  });

  it('rejects an invalid line, naming it, and writes no order at all', async () => {
    const ana = await customer();
    const response = await graphql(orders.url, PLACE, { input: { lines: [line('a', 100, 1), line('b', 100, 0)] } }, ana.headers);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lines.1.quantity' });
    expect(await orders.stores.orders.listByUser(ana.id, 10)).toEqual([]);
  });

  it('refuses a total too large to store as a typed error, not a database failure', async () => {
    const ana = await customer();
    const response = await graphql(orders.url, PLACE, { input: { lines: [line('a', 2_000_000_000, 2)] } }, ana.headers);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lines' });
    expect(await orders.stores.orders.listByUser(ana.id, 10)).toEqual([]);
  });

  it('resolves Order references with their lines in the order asked', async () => {
    const ana = await customer();
    const a = await place(ana.headers, [line('x', 500, 1)]);
    const b = await place(ana.headers, [line('y', 700, 3)]);
    const { _entities } = await expectData(
      orders.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id lines { quantity } } } }`,
      { r: [{ __typename: 'Order', id: b }, { __typename: 'Order', id: randomUUID() }, { __typename: 'Order', id: a }] },
      ana.headers,
    );
    expect(_entities).toEqual([{ id: b, lines: [{ quantity: 3 }] }, null, { id: a, lines: [{ quantity: 1 }] }]);
  });

  describe('access', () => {
    it('takes the customer from the token: anonymous callers and staff cannot place orders, nor can an input name a customer', async () => {
      const input = { lines: [line('a', 100, 1)] };
      const anonymous = await graphql(orders.url, PLACE, { input });
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
      const staffId = randomUUID();
      const staff = await graphql(orders.url, PLACE, { input }, await asStaff(staffId));
      expect(codesOf(staff)).toEqual(['FORBIDDEN']);
      expect(await orders.stores.orders.listByUser(staffId, 10)).toEqual([]);
      const victim = randomUUID();
      const spoofed = await graphql(orders.url, PLACE, { input: { ...input, userId: victim } }, await asCustomer());
      expect(spoofed.errors?.[0].message).toMatch(/userId/);
      expect(await orders.stores.orders.listByUser(victim, 10)).toEqual([]);
    });

    it("shows an order to its customer and to staff; anonymous gets UNAUTHENTICATED, another customer FORBIDDEN", async () => {
      const ana = await customer();
      const id = await place(ana.headers, [line('a', 1500, 2)]);
      const expected = { id, user: { id: ana.id }, subtotal: { amount: '30.00' }, lines: [{ productName: 'Bouquet a' }] };
      expect((await expectData(orders.url, GET, { id }, ana.headers)).order).toEqual(expected);
      expect((await expectData(orders.url, GET, { id }, await asStaff())).order).toEqual(expected);
      expect((await expectData(orders.url, GET, { id }, await asAdmin())).order).toEqual(expected);
      const anonymous = await graphql(orders.url, GET, { id });
      expect(anonymous.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
      expect(anonymous.data?.order).toBeNull();
      const stranger = await graphql(orders.url, GET, { id }, await asCustomer());
      expect(stranger.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
      expect(stranger.data?.order).toBeNull();
      // An unknown id is simply not there, for a signed-in caller.
      expect((await expectData(orders.url, GET, { id: randomUUID() }, ana.headers)).order).toBeNull();
    });

    it("keeps myOrders to signed-in callers and ordersByUser to staff", async () => {
      const ana = await customer();
      await place(ana.headers);
      expect(codesOf(await graphql(orders.url, MY_ORDERS))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await graphql(orders.url, BY_USER, { u: ana.id }))).toEqual(['UNAUTHENTICATED']);
      expect(codesOf(await graphql(orders.url, BY_USER, { u: ana.id }, ana.headers))).toEqual(['FORBIDDEN']);
      expect((await expectData(orders.url, BY_USER, { u: ana.id }, await asAdmin())).ordersByUser).toHaveLength(1);
    });

    it("gives no field of another customer's order or its lines through _entities", async () => {
      const ana = await customer();
      const id = await place(ana.headers, [line('secret', 4321, 1)]);
      const r = [{ __typename: 'Order', id }];
      const stranger = await graphql(orders.url, ENTITIES, { r }, await asCustomer());
      expect(stranger.data?._entities).toEqual([null]);
      expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(stranger)).not.toMatch(/43\.21|Bouquet secret/);
      const anonymous = await graphql(orders.url, ENTITIES, { r });
      expect(anonymous.data?._entities).toEqual([null]);
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
      const staff = await expectData(orders.url, ENTITIES, { r }, await asStaff());
      expect(staff._entities).toEqual([{ id, subtotal: { amount: '43.21' }, lines: [{ quantity: 1, productName: 'Bouquet secret' }] }]);
    });
  });
});
