import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, unique } from '../support/graphql';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asCustomer, asStaff } from '../support/tokens';

const CART = `query($id: ID!) { cart(id: $id) {
  itemCount
  lines { quantity product { id name } unitPrice { amount currency } lineTotal { amount amountMinor } }
  totals { itemCount subtotal { amount amountMinor currency } }
} }`;

describe('cart prices through the router', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph();
  });
  afterAll(() => supergraph?.stop());

  const createProduct = async (name: string, priceMinor: number): Promise<string> =>
    (
      await expectData(
        supergraph.routerUrl,
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        { input: { name, slug: unique('cart-e2e'), priceMinor, currency: 'EUR', stock: 20 } },
        await asStaff(),
      )
    ).createProduct.id;

  it("prices lines and totals from the catalog's current prices, and follows a price change", async () => {
    const roses = await createProduct('Cart Red Roses', 4500);
    const tulips = await createProduct('Cart Tulips', 1850);
    const customer = await asCustomer();
    const { createCart } = await expectData(supergraph.routerUrl, 'mutation { createCart { id } }', {}, customer);
    const add = 'mutation($cartId: ID!, $productId: ID!, $quantity: Int!) { addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) { id } }';
    await expectData(supergraph.routerUrl, add, { cartId: createCart.id, productId: roses, quantity: 2 }, customer);
    await expectData(supergraph.routerUrl, add, { cartId: createCart.id, productId: tulips, quantity: 3 }, customer);

    const before = (await expectData(supergraph.routerUrl, CART, { id: createCart.id }, customer)).cart;
    const line = (id: string, cart: typeof before) => cart.lines.find((entry: { product: { id: string } }) => entry.product.id === id);
    expect(line(roses, before)).toEqual({
      quantity: 2,
      product: { id: roses, name: 'Cart Red Roses' },
      unitPrice: { amount: '45.00', currency: 'EUR' },
      lineTotal: { amount: '90.00', amountMinor: 9000 },
    });
    expect(line(tulips, before).lineTotal).toEqual({ amount: '55.50', amountMinor: 5550 });
    expect(before.totals).toEqual({ itemCount: 5, subtotal: { amount: '145.50', amountMinor: 14550, currency: 'EUR' } });

    await expectData(
      supergraph.routerUrl,
      'mutation($id: ID!, $input: UpdateProductInput!) { updateProduct(id: $id, input: $input) { id } }',
      { id: roses, input: { priceMinor: 3999 } },
      await asStaff(),
    );
    const after = (await expectData(supergraph.routerUrl, CART, { id: createCart.id }, customer)).cart;
    expect(line(roses, after).unitPrice).toEqual({ amount: '39.99', currency: 'EUR' });
    expect(line(roses, after).lineTotal).toEqual({ amount: '79.98', amountMinor: 7998 });
    expect(after.totals.subtotal).toEqual({ amount: '135.48', amountMinor: 13548, currency: 'EUR' });
  });

  it('merges a guest cart into the customer cart after sign-in, priced the same way', async () => {
    const lilies = await createProduct('Cart Lilies', 2990);
    const { createCart: guest } = await expectData(supergraph.routerUrl, 'mutation { createCart { id } }');
    await expectData(
      supergraph.routerUrl,
      'mutation($cartId: ID!, $productId: ID!) { addCartLine(cartId: $cartId, productId: $productId, quantity: 2) { id } }',
      { cartId: guest.id, productId: lilies },
    );
    const customer = await asCustomer();
    const { mergeGuestCart } = await expectData(
      supergraph.routerUrl,
      'mutation($guestCartId: ID!) { mergeGuestCart(guestCartId: $guestCartId) { id totals { itemCount subtotal { amount } } } }',
      { guestCartId: guest.id },
      customer,
    );
    expect(mergeGuestCart.totals).toEqual({ itemCount: 2, subtotal: { amount: '59.80' } });
    expect((await expectData(supergraph.routerUrl, 'query { myCart { id } }', {}, customer)).myCart).toEqual({ id: mergeGuestCart.id });
  });
});
