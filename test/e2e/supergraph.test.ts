import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql, unique } from '../support/graphql';
import { checkoutCart } from '../support/shop';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';
import { asCustomer, asStaff } from '../support/tokens';

describe('the supergraph through the router', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph();
  });
  afterAll(() => supergraph?.stop());

  async function createProduct(name: string, priceMinor: number): Promise<string> {
    const { createProduct } = await expectData(
      supergraph.routerUrl,
      `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      { input: { name, slug: unique(name.toLowerCase().replace(/ /g, '-')), priceMinor, currency: 'EUR', stock: 50 } },
      await asStaff(),
    );
    return createProduct.id;
  }

  /** A signed-in customer whose profile exists (made on first `me`) with the given display name. */
  async function customerNamed(displayName: string): Promise<{ userId: string; headers: Record<string, string> }> {
    const userId = randomUUID();
    const headers = await asCustomer(userId);
    await expectData(
      supergraph.routerUrl,
      `mutation($input: UpdateMyProfileInput!) { updateMyProfile(input: $input) { id } }`,
      { input: { displayName } },
      headers,
    );
    return { userId, headers };
  }

  it('answers a query that crosses orders, users and catalog with the stored data', async () => {
    const roses = await createProduct('Twelve Red Roses', 4500);
    const lilies = await createProduct('White Lilies', 2990);
    const { headers } = await customerNamed('Ana Rojas');
    // Checkout through the router: the cart holds the quantities, the catalog the names and prices.
    const { addAddress } = await expectData(
      supergraph.routerUrl,
      `mutation($input: AddAddressInput!) { addAddress(input: $input) { id } }`,
      { input: { recipient: 'Ana Rojas', line1: 'Av. Providencia 1234', city: 'Santiago', postalCode: '7500000', country: 'CL' } },
      headers,
    );
    const { orderId: placedId } = await checkoutCart(supergraph.routerUrl, { accountId: '', headers, addressId: addAddress.id }, [
      [roses, 2],
      [lilies, 1],
    ]);

    const { order } = await expectData(
      supergraph.routerUrl,
      `query($id: ID!) {
        order(id: $id) {
          status
          subtotal { amount currency }
          user { displayName addresses { city isDefault } }
          lines { productName quantity lineTotal { amount } product { id name price { amount } } }
        }
      }`,
      { id: placedId },
      headers,
    );
    expect(order).toEqual({
      status: 'PENDING',
      subtotal: { amount: '119.90', currency: 'EUR' },
      user: { displayName: 'Ana Rojas', addresses: [{ city: 'Santiago', isDefault: true }] },
      lines: [
        {
          productName: 'Twelve Red Roses',
          quantity: 2,
          lineTotal: { amount: '90.00' },
          product: { id: roses, name: 'Twelve Red Roses', price: { amount: '45.00' } },
        },
        { productName: 'White Lilies', quantity: 1, lineTotal: { amount: '29.90' }, product: { id: lilies, name: 'White Lilies', price: { amount: '29.90' } } },
      ],
    });
  });

  it("resolves a cart's products from the catalog", async () => {
    const tulips = await createProduct('Yellow Tulips', 1850);
    const { createCart } = await expectData(supergraph.routerUrl, `mutation { createCart { id } }`);
    const { addCartLine } = await expectData(
      supergraph.routerUrl,
      `mutation($cartId: ID!, $productId: ID!) {
        addCartLine(cartId: $cartId, productId: $productId, quantity: 3) { itemCount lines { quantity product { name price { amount } } } }
      }`,
      { cartId: createCart.id, productId: tulips },
    );
    expect(addCartLine).toEqual({ itemCount: 3, lines: [{ quantity: 3, product: { name: 'Yellow Tulips', price: { amount: '18.50' } } }] });
  });

  it('joins a wishlist with catalog products, their reviews and ratings, and the reviewers from users', async () => {
    const peonies = await createProduct('Pink Peonies', 3900);
    const { headers } = await customerNamed('Leo Soto');
    const { submitReview } = await expectData(
      supergraph.routerUrl,
      `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id status } }`,
      { input: { productId: peonies, rating: 4, title: 'Lovely', body: 'Fresh for a week.' } },
      headers,
    );
    expect(submitReview.status).toBe('PENDING');
    await expectData(supergraph.routerUrl, `mutation($id: ID!) { approveReview(id: $id) { id } }`, { id: submitReview.id }, await asStaff());
    await expectData(supergraph.routerUrl, `mutation($p: ID!) { addToWishlist(productId: $p) { id } }`, { p: peonies }, headers);

    const { myWishlist: wishlist } = await expectData(
      supergraph.routerUrl,
      `query {
        myWishlist {
          owner { displayName }
          items { product { name price { amount } rating { average count } reviews { edges { node { title author { displayName } } } } } }
        }
      }`,
      {},
      headers,
    );
    expect(wishlist).toEqual({
      owner: { displayName: 'Leo Soto' },
      items: [
        {
          product: {
            name: 'Pink Peonies',
            price: { amount: '39.00' },
            rating: { average: 4, count: 1 },
            reviews: { edges: [{ node: { title: 'Lovely', author: { displayName: 'Leo Soto' } } }] },
          },
        },
      ],
    });
  });

  it('passes its request id to the subgraphs and echoes it to the caller', async () => {
    const response = await graphql(supergraph.routerUrl, '{ products(first: 1) { edges { node { id } } } }', {}, { 'x-request-id': 'e2e-request-0001' });
    expect(response.errors).toBeUndefined();
    expect(response.headers.get('x-request-id')).toBe('e2e-request-0001');
  });

  it('reports a typed error from a subgraph with its code', async () => {
    const response = await graphql(supergraph.routerUrl, `mutation { addCartLine(cartId: "missing", productId: "p", quantity: 1) { id } }`);
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});
