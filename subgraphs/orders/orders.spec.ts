import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import type { OrdersStores } from './context';
import { ordersSubgraph } from './subgraph';

const PLACE = `mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) { id status subtotal { amountMinor amount currency } user { id } lines { productName quantity lineTotal { amount } product { id } } }
}`;
const line = (productId: string, unitPriceMinor: number, quantity: number) => ({ productId, productName: `Bouquet ${productId}`, unitPriceMinor, quantity });

describe('orders subgraph (PostgreSQL via Prisma)', () => {
  let orders: StartedSubgraph<OrdersStores>;
  beforeAll(async () => {
    orders = await startTestSubgraph(ordersSubgraph);
  });
  afterAll(() => orders?.stop());

  it('places an order with its lines and totals', async () => {
    const userId = randomUUID();
    const { placeOrder } = await expectData(orders.url, PLACE, { input: { userId, currency: 'EUR', lines: [line('a', 1250, 2), line('b', 999, 1)] } });
    expect(placeOrder).toMatchObject({ status: 'PENDING', subtotal: { amountMinor: 3499, amount: '34.99', currency: 'EUR' }, user: { id: userId } });
    expect(placeOrder.lines).toEqual([
      { productName: 'Bouquet a', quantity: 2, lineTotal: { amount: '25.00' }, product: { id: 'a' } },
      { productName: 'Bouquet b', quantity: 1, lineTotal: { amount: '9.99' }, product: { id: 'b' } },
    ]);
  });

  it("lists a user's orders newest first", async () => {
    const userId = randomUUID();
    const first = (await expectData(orders.url, PLACE, { input: { userId, lines: [line('a', 100, 1)] } })).placeOrder.id;
    const second = (await expectData(orders.url, PLACE, { input: { userId, lines: [line('b', 200, 1)] } })).placeOrder.id;
    const { ordersByUser } = await expectData(orders.url, `query($u: ID!) { ordersByUser(userId: $u) { id } }`, { u: userId });
    expect(ordersByUser.map((order: { id: string }) => order.id)).toEqual([second, first]);
  });

  it('rejects an invalid line, naming it, and writes no order at all', async () => {
    const userId = randomUUID();
    const response = await graphql(orders.url, PLACE, { input: { userId, lines: [line('a', 100, 1), line('b', 100, 0)] } });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lines.1.quantity' });
    expect(await orders.stores.orders.listByUser(userId, 10)).toEqual([]);
  });

  it('refuses a total too large to store as a typed error, not a database failure', async () => {
    const userId = randomUUID();
    const response = await graphql(orders.url, PLACE, { input: { userId, lines: [line('a', 2_000_000_000, 2)] } });
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'lines' });
    expect(await orders.stores.orders.listByUser(userId, 10)).toEqual([]);
  });

  it('resolves Order references with their lines in the order asked', async () => {
    const userId = randomUUID();
    const a = (await expectData(orders.url, PLACE, { input: { userId, lines: [line('x', 500, 1)] } })).placeOrder.id;
    const b = (await expectData(orders.url, PLACE, { input: { userId, lines: [line('y', 700, 3)] } })).placeOrder.id;
    const { _entities } = await expectData(
      orders.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id lines { quantity } } } }`,
      { r: [{ __typename: 'Order', id: b }, { __typename: 'Order', id: randomUUID() }, { __typename: 'Order', id: a }] },
    );
    expect(_entities).toEqual([{ id: b, lines: [{ quantity: 3 }] }, null, { id: a, lines: [{ quantity: 1 }] }]);
  });
});
