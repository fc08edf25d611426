import { randomUUID } from 'node:crypto';
import type { RunningService } from '../../runtime/http-service';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, unique } from '../../test/support/graphql';
import { ordersDependencies, startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { cartSubgraph } from '../cart/subgraph';
import { catalogSubgraph } from '../catalog/subgraph';
import { usersSubgraph } from '../users/subgraph';
import type { OrdersProviders } from './context';
import { ordersSubgraph } from './subgraph';

// Shared by the orders subgraph's specs: orders with the subgraphs checkout reads from, on the test stores.

export const ORDER_FIELDS = `id status nextStatuses user { id } subtotal { amountMinor currency } deliveryFee { amountMinor } total { amountMinor amount }
  delivery { date window address { recipient line1 city postalCode country } } giftMessage
  lines { productName quantity unitPrice { amountMinor } lineTotal { amountMinor } product { id } }`;
export const CHECKOUT = `mutation($input: CheckoutInput!) { checkout(input: $input) { ${ORDER_FIELDS} } }`;
export const CHANGE_STATUS = `mutation($id: ID!, $status: OrderStatus!, $note: String) { changeOrderStatus(id: $id, status: $status, note: $note) { id status nextStatuses } }`;
export const CANCEL = `mutation($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) { id status nextStatuses } }`;
export const TIMELINE = `query($id: ID!) { order(id: $id) { id status timeline { sequence type status previousStatus actorRole note occurredAt } } }`;
export const STOCK = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id stock } } }`;

export interface Shopper {
  id: string;
  headers: Record<string, string>;
  addressId: string;
}

export interface OrdersFixture {
  orders: StartedSubgraph<OrdersProviders>;
  catalog: RunningService;
  cart: RunningService;
  users: RunningService;
  stop: () => Promise<void>;
}

/** The orders subgraph with the subgraphs it calls; `ordersEnv` adds to the orders subgraph's environment (its own database…). */
export async function startOrdersFixture(ordersEnv: Record<string, string> = {}): Promise<OrdersFixture> {
  const started = new Map<string, RunningService>();
  const stopAll = () => Promise.all([...started.values()].map((service) => service.stop()));
  try {
    started.set('catalog', await startTestSubgraph(catalogSubgraph));
    started.set('users', await startTestSubgraph(usersSubgraph));
    started.set('cart', await startTestSubgraph(cartSubgraph, { CATALOG_URL: started.get('catalog')!.url }));
    const orders = await startTestSubgraph(ordersSubgraph, { ...ordersDependencies(started), ...ordersEnv });
    started.set('orders', orders);
    return { orders, catalog: started.get('catalog')!, cart: started.get('cart')!, users: started.get('users')!, stop: async () => void (await stopAll()) };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** A product for sale with `stock` units at `priceMinor` cents. */
export async function createProduct(fixture: OrdersFixture, name: string, priceMinor: number, stock: number): Promise<string> {
  const { createProduct } = await expectData(
    fixture.catalog.url,
    'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { name, slug: unique('order-test'), priceMinor, currency: 'EUR', stock } },
    await asStaff(),
  );
  return createProduct.id;
}

/** A signed-in customer with one delivery address, in `city` (its comuna: the delivery zone). */
export async function shopper(fixture: OrdersFixture, city = 'Santiago'): Promise<Shopper> {
  const id = randomUUID();
  const headers = await asCustomer(id);
  const { addAddress } = await expectData(
    fixture.users.url,
    'mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }',
    { input: { recipient: 'Ana Rojas', line1: 'Calle Los Aromos 123', city, postalCode: '8320000', country: 'CL' } },
    headers,
  );
  return { id, headers, addressId: addAddress.id };
}

/** A new cart of the customer's holding these quantities; its id. */
export async function fillCart(fixture: OrdersFixture, customer: Shopper, lines: Array<[productId: string, quantity: number]>): Promise<string> {
  const { createCart } = await expectData(fixture.cart.url, 'mutation { createCart { id } }', {}, customer.headers);
  for (const [productId, quantity] of lines) {
    await expectData(
      fixture.cart.url,
      'mutation($cartId: ID!, $productId: ID!, $quantity: Int!) { addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) { id } }',
      { cartId: createCart.id, productId, quantity },
      customer.headers,
    );
  }
  return createCart.id;
}

const tomorrow = () => new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/** A complete checkout input for the customer's address, delivered tomorrow afternoon. */
export const checkoutInput = (customer: Shopper, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: `key-${randomUUID()}`,
  addressId: customer.addressId,
  deliveryDate: tomorrow(),
  deliveryWindow: 'AFTERNOON',
  giftMessage: 'Happy birthday, Mamá!',
  ...extra,
});

export async function stockOf(fixture: OrdersFixture, productId: string): Promise<number> {
  const { _entities } = await expectData(fixture.catalog.url, STOCK, { r: [{ __typename: 'Product', id: productId }] });
  return _entities[0].stock;
}

export const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => [
  ...new Set((response.errors ?? []).map((error) => error.extensions?.code)),
];

/** An order written straight through the writer (a real transaction, event and outbox row), for listing tests. */
export async function placeDirectly(
  fixture: OrdersFixture,
  userId: string,
  lines = [{ productId: `p-${randomUUID()}`, productName: 'Direct Roses', unitPriceMinor: 1000, quantity: 1 }],
): Promise<string> {
  const orderId = randomUUID();
  const totals = lines.reduce((sum, line) => sum + line.unitPriceMinor * line.quantity, 0);
  await fixture.orders.providers.writer.place(orderId, {
    userId,
    currency: 'EUR',
    subtotalMinor: totals,
    deliveryFeeMinor: 0,
    totalMinor: totals,
    idempotencyKey: `direct-${orderId}`,
    cartId: null,
    delivery: null,
    giftMessage: null,
    lines,
  });
  return orderId;
}
