import { randomUUID } from 'node:crypto';
import { expectData, unique } from './graphql';
import { asCustomer, asStaff } from './tokens';

// A customer's way through the shop, through the router: products, an address, a cart, checkout, and staff
// moving the order on. For end-to-end tests and the benchmarks.

export interface ShopCustomer {
  accountId: string;
  headers: Record<string, string>;
  addressId: string;
}

export async function createShopProduct(routerUrl: string, name: string, stock = 1000, priceMinor = 2500): Promise<string> {
  const { createProduct } = await expectData(
    routerUrl,
    'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
    { input: { name, slug: unique('shop'), priceMinor, currency: 'EUR', stock } },
    await asStaff(),
  );
  return createProduct.id;
}

/** Adds a delivery address to the signed-in caller's address book; its id. */
export async function addShopAddress(routerUrl: string, headers: Record<string, string>): Promise<string> {
  const address = { recipient: 'Ana Rojas', line1: 'Calle Los Aromos 123', city: 'Santiago', postalCode: '8320000', country: 'CL' };
  return (await expectData(routerUrl, 'mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }', { input: address }, headers)).addAddress.id;
}

/** A signed-in customer (with a profile) and one delivery address. */
export async function newShopCustomer(routerUrl: string, accountId: string = randomUUID()): Promise<ShopCustomer> {
  const headers = await asCustomer(accountId);
  return { accountId, headers, addressId: await addShopAddress(routerUrl, headers) };
}

/** Puts these quantities in a new cart of the customer's and checks it out; the order id and the cart id. */
export async function checkoutCart(
  routerUrl: string,
  customer: ShopCustomer,
  lines: Array<[productId: string, quantity: number]>,
): Promise<{ orderId: string; cartId: string }> {
  const { createCart } = await expectData(routerUrl, 'mutation { createCart { id } }', {}, customer.headers);
  for (const [productId, quantity] of lines) {
    await expectData(
      routerUrl,
      'mutation($c: ID!, $p: ID!, $q: Int!) { addCartLine(cartId: $c, productId: $p, quantity: $q) { id } }',
      { c: createCart.id, p: productId, q: quantity },
      customer.headers,
    );
  }
  const input = {
    idempotencyKey: `test-${randomUUID()}`,
    cartId: createCart.id,
    addressId: customer.addressId,
    deliveryDate: new Date(Date.now() + 24 * 60 * 60 * 1000).toISOString().slice(0, 10),
    deliveryWindow: 'AFTERNOON',
  };
  const { checkout } = await expectData(routerUrl, 'mutation($input: CheckoutInput!) { checkout(input: $input) { id } }', { input }, customer.headers);
  return { orderId: checkout.id, cartId: createCart.id };
}

/** Staff move the order to `status` (or, with `cancel`, the customer or staff cancel it). */
export async function changeOrderStatus(routerUrl: string, orderId: string, status: string, headers?: Record<string, string>): Promise<void> {
  await expectData(
    routerUrl,
    'mutation($id: ID!, $s: OrderStatus!) { changeOrderStatus(id: $id, status: $s) { id } }',
    { id: orderId, s: status },
    headers ?? (await asStaff()),
  );
}

export async function cancelOrder(routerUrl: string, orderId: string, headers: Record<string, string>): Promise<void> {
  await expectData(routerUrl, 'mutation($id: ID!) { cancelOrder(id: $id) { id } }', { id: orderId }, headers);
}
