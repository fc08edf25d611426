import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { catalogSubgraph } from '../catalog/subgraph';
import type { CartProviders } from './context';
import { cartSubgraph } from './subgraph';

const ADD = `mutation($cartId: ID!, $productId: ID!, $quantity: Int!) {
  addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) { id itemCount lines { product { id } quantity } }
}`;
const SET = `mutation($cartId: ID!, $productId: ID!, $quantity: Int!) {
  setCartLineQuantity(cartId: $cartId, productId: $productId, quantity: $quantity) { id itemCount }
}`;
const GET = `query($id: ID!) { cart(id: $id) { id itemCount lines { product { id } quantity } } }`;
const MY_CART = `{ myCart { id itemCount } }`;
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Cart { id itemCount lines { quantity } } } }`;

// A test database of its own for the catalog these tests start, so they do not depend on the shape of
// the catalog's other test data.
const catalogDatabase = (() => {
  const url = new URL(testEnv.MONGODB_URL);
  url.pathname = `${url.pathname}_cart`;
  return url.toString();
})();

const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => [
  ...new Set((response.errors ?? []).map((error) => error.extensions?.code)),
];

describe('cart subgraph (Redis)', () => {
  let cart: StartedSubgraph<CartProviders>;
  let catalog: StartedSubgraph<unknown>;
  const redis = new Redis(testEnv.REDIS_URL);
  /** Two products on sale with plenty of stock, for tests about something else. */
  let p1: string;
  let p2: string;
  // A real catalog subgraph: the cart checks products and stock through its public GraphQL API.
  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph, { MONGODB_URL: catalogDatabase });
    cart = await startTestSubgraph(cartSubgraph, { CART_TTL_SECONDS: '600', CATALOG_URL: catalog.url });
    [p1, p2] = await newProducts(2);
  });
  afterAll(async () => {
    await cart?.stop();
    await catalog?.stop();
    await redis.quit();
  });

  /** A product created by staff in the catalog, as the shop would. */
  const newProduct = async (stock = 500, priceMinor = 1000): Promise<string> =>
    (
      await expectData(
        catalog.url,
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        { input: { name: 'Cart Test Bouquet', slug: unique('cart-test'), priceMinor, currency: 'EUR', stock } },
        await asStaff(),
      )
    ).createProduct.id;
  const newProducts = async (count: number, stock?: number): Promise<string[]> => {
    const ids: string[] = [];
    for (let index = 0; index < count; index += 1) ids.push(await newProduct(stock));
    return ids.sort();
  };

  const newCart = async (headers: Record<string, string> = {}): Promise<string> =>
    (await expectData(cart.url, 'mutation { createCart { id } }', {}, headers)).createCart.id;

  it('adds lines, merges repeated products and counts items', async () => {
    const cartId = await newCart();
    const [lilies, roses] = await newProducts(2);
    await expectData(cart.url, ADD, { cartId, productId: roses, quantity: 2 });
    await expectData(cart.url, ADD, { cartId, productId: lilies, quantity: 1 });
    const { addCartLine } = await expectData(cart.url, ADD, { cartId, productId: roses, quantity: 3 });
    expect(addCartLine.itemCount).toBe(6);
    expect(addCartLine.lines).toEqual([
      { product: { id: lilies }, quantity: 1 },
      { product: { id: roses }, quantity: 5 },
    ]);
  });

  it('never loses a line under concurrent additions', async () => {
    const cartId = await newCart();
    const products = await newProducts(4);
    await Promise.all(Array.from({ length: 20 }, (_, index) => expectData(cart.url, ADD, { cartId, productId: products[index % 4], quantity: 1 })));
    const { cart: stored } = await expectData(cart.url, `query($id: ID!) { cart(id: $id) { itemCount lines { quantity } } }`, { id: cartId });
    expect(stored.itemCount).toBe(20);
    expect(stored.lines.map((line: { quantity: number }) => line.quantity)).toEqual([5, 5, 5, 5]);
  });

  it('never loses a line under concurrent additions to an owned cart either', async () => {
    const owner = await asCustomer();
    const cartId = await newCart(owner);
    const products = await newProducts(3);
    await Promise.all(Array.from({ length: 12 }, (_, index) => expectData(cart.url, ADD, { cartId, productId: products[index % 3], quantity: 1 }, owner)));
    const { cart: stored } = await expectData(cart.url, GET, { id: cartId }, owner);
    expect(stored.lines.map((line: { quantity: number }) => line.quantity)).toEqual([4, 4, 4]);
  });

  it('slides the expiry of both keys on every change', async () => {
    const cartId = await newCart();
    await redis.expire(`cart:${cartId}`, 5);
    await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 1 });
    expect(await redis.ttl(`cart:${cartId}`)).toBeGreaterThan(500);
    expect(await redis.ttl(`cart:${cartId}:lines`)).toBeGreaterThan(500);
  });

  it('refuses bad quantities and unknown carts without changing anything', async () => {
    const cartId = await newCart();
    await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 98 });
    const tooMany = await graphql(cart.url, ADD, { cartId, productId: p1, quantity: 2 });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    const zero = await graphql(cart.url, ADD, { cartId, productId: p1, quantity: 0 });
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await redis.hget(`cart:${cartId}:lines`, p1)).toBe('98');
    const missing = await graphql(cart.url, ADD, { cartId: 'no-such-cart', productId: p1, quantity: 1 });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await redis.exists('cart:no-such-cart:lines')).toBe(0);
  });

  it('takes only cart ids it made: a key name built from another id is NOT_FOUND and writes nothing', async () => {
    const cartId = await newCart();
    const lines = `${cartId}:lines`; // names the cart's lines hash, which exists
    const response = await graphql(cart.url, ADD, { cartId: lines, productId: p1, quantity: 1 });
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await redis.exists(`cart:${lines}:lines`)).toBe(0);
  });

  it('removes a line when its quantity is set to 0', async () => {
    const cartId = await newCart();
    await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 2 });
    const { setCartLineQuantity } = await expectData(
      cart.url,
      `mutation($cartId: ID!, $productId: ID!) { setCartLineQuantity(cartId: $cartId, productId: $productId, quantity: 0) { lines { quantity } itemCount } }`,
      { cartId, productId: p1 },
    );
    expect(setCartLineQuantity).toEqual({ lines: [], itemCount: 0 });
  });

  describe('catalog checks', () => {
    it('refuses unknown and archived products as NOT_FOUND on productId, writing nothing', async () => {
      const cartId = await newCart();
      const archived = await newProduct();
      await expectData(catalog.url, 'mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: archived }, await asStaff());
      for (const productId of ['000000000000000000000000', 'not-a-product', archived]) {
        const response = await graphql(cart.url, ADD, { cartId, productId, quantity: 1 });
        expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'productId' });
        const set = await graphql(cart.url, SET, { cartId, productId, quantity: 1 });
        expect(set.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'productId' });
      }
      expect(await redis.exists(`cart:${cartId}:lines`)).toBe(0);
    });

    it('refuses more than the stock with OUT_OF_STOCK and what is available, keeping the line as it was', async () => {
      const cartId = await newCart();
      const scarce = await newProduct(5);
      await expectData(cart.url, ADD, { cartId, productId: scarce, quantity: 3 });
      const add = await graphql(cart.url, ADD, { cartId, productId: scarce, quantity: 3 });
      expect(add.errors?.[0].extensions).toMatchObject({ code: 'OUT_OF_STOCK', field: 'quantity', available: 5, quantityInCart: 3 });
      const set = await graphql(cart.url, SET, { cartId, productId: scarce, quantity: 6 });
      expect(set.errors?.[0].extensions).toMatchObject({ code: 'OUT_OF_STOCK', available: 5 });
      expect(await redis.hget(`cart:${cartId}:lines`, scarce)).toBe('3');
      expect((await expectData(cart.url, SET, { cartId, productId: scarce, quantity: 5 })).setCartLineQuantity.itemCount).toBe(5);
    });

    it('never lets concurrent additions take a line past the stock', async () => {
      const cartId = await newCart();
      const scarce = await newProduct(7);
      const responses = await Promise.all(Array.from({ length: 10 }, () => graphql(cart.url, ADD, { cartId, productId: scarce, quantity: 1 })));
      expect(responses.filter((response) => !response.errors).length).toBe(7);
      expect(await redis.hget(`cart:${cartId}:lines`, scarce)).toBe('7');
    });
  });

  it('removes a line and clears a cart, which keeps its token', async () => {
    const cartId = await newCart();
    await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 2 });
    await expectData(cart.url, ADD, { cartId, productId: p2, quantity: 1 });
    const { removeCartLine } = await expectData(
      cart.url,
      'mutation($cartId: ID!, $productId: ID!) { removeCartLine(cartId: $cartId, productId: $productId) { itemCount lines { productId } } }',
      { cartId, productId: p1 },
    );
    expect(removeCartLine).toEqual({ itemCount: 1, lines: [{ productId: p2 }] });
    const { clearCart } = await expectData(cart.url, 'mutation($cartId: ID!) { clearCart(cartId: $cartId) { id itemCount lines { quantity } } }', { cartId });
    expect(clearCart).toEqual({ id: cartId, itemCount: 0, lines: [] });
    await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 1 });
  });

  describe('prices (what the router asks after fetching current prices from the catalog)', () => {
    const PRICED = `query($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on CartLine { quantity unitPrice { amountMinor amount currency } lineTotal { amountMinor amount } }
      ... on CartTotals { itemCount subtotal { amountMinor amount currency } } } }`;
    const price = (amountMinor: number) => ({ price: { amountMinor, currency: 'EUR' } });

    it('computes line totals and the subtotal in cents from the required prices and the represented quantities', async () => {
      const cartId = await newCart();
      const { _entities } = await expectData(cart.url, PRICED, {
        representations: [
          { __typename: 'CartLine', cartId, productId: p1, quantity: 3, product: price(1850) },
          {
            __typename: 'CartTotals',
            cartId,
            lines: [
              { productId: p1, quantity: 3, product: price(1850) },
              { productId: p2, quantity: 2, product: price(999) },
            ],
          },
          { __typename: 'CartTotals', cartId, lines: [] },
        ],
      });
      expect(_entities).toEqual([
        { quantity: 3, unitPrice: { amountMinor: 1850, amount: '18.50', currency: 'EUR' }, lineTotal: { amountMinor: 5550, amount: '55.50' } },
        { itemCount: 5, subtotal: { amountMinor: 7548, amount: '75.48', currency: 'EUR' } },
        { itemCount: 0, subtotal: null },
      ]);
    });

    it("keeps another customer's cart lines and totals from a stranger", async () => {
      const owner = await asCustomer();
      const cartId = await newCart(owner);
      const representations = [
        { __typename: 'CartLine', cartId, productId: p1, quantity: 1, product: price(100) },
        { __typename: 'CartTotals', cartId, lines: [{ productId: p1, quantity: 1, product: price(100) }] },
      ];
      const stranger = await graphql(cart.url, PRICED, { representations }, await asCustomer());
      expect(stranger.data?._entities).toEqual([null, null]);
      expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
      expect((await expectData(cart.url, PRICED, { representations }, owner))._entities[1].itemCount).toBe(1);
    });
  });

  describe('merging a guest cart on sign-in', () => {
    const MERGE = `mutation($guestCartId: ID!) { mergeGuestCart(guestCartId: $guestCartId) { id itemCount lines { productId quantity } } }`;

    it('adds quantities up (capped at stock), drops products no longer sold, deletes the guest cart, and is a no-op the second time', async () => {
      const ownerId = randomUUID();
      const owner = await asCustomer(ownerId);
      const [shared, guestOnly, scarce, archived] = await newProducts(4, 10);
      const mine = await newCart(owner);
      await expectData(cart.url, ADD, { cartId: mine, productId: shared, quantity: 2 }, owner);
      await expectData(cart.url, ADD, { cartId: mine, productId: scarce, quantity: 8 }, owner);
      const guest = await newCart();
      await expectData(cart.url, ADD, { cartId: guest, productId: shared, quantity: 3 });
      await expectData(cart.url, ADD, { cartId: guest, productId: guestOnly, quantity: 1 });
      await expectData(cart.url, ADD, { cartId: guest, productId: scarce, quantity: 5 });
      await expectData(cart.url, ADD, { cartId: guest, productId: archived, quantity: 1 });
      await expectData(catalog.url, 'mutation($id: ID!) { archiveProduct(id: $id) { id } }', { id: archived }, await asStaff());

      const expected = {
        id: mine,
        itemCount: 16,
        lines: [
          { productId: guestOnly, quantity: 1 },
          { productId: scarce, quantity: 10 },
          { productId: shared, quantity: 5 },
        ].sort((a, b) => a.productId.localeCompare(b.productId)),
      };
      expect((await expectData(cart.url, MERGE, { guestCartId: guest }, owner)).mergeGuestCart).toEqual(expected);
      expect(await redis.exists(`cart:${guest}`, `cart:${guest}:lines`)).toBe(0);
      expect((await expectData(cart.url, MERGE, { guestCartId: guest }, owner)).mergeGuestCart).toEqual(expected);
      expect((await expectData(cart.url, MY_CART, {}, owner)).myCart).toEqual({ id: mine, itemCount: 16 });
    });

    it('makes the guest lines a cart of the customer when they have none', async () => {
      const owner = await asCustomer();
      const guest = await newCart();
      await expectData(cart.url, ADD, { cartId: guest, productId: p1, quantity: 2 });
      const { mergeGuestCart } = await expectData(cart.url, MERGE, { guestCartId: guest }, owner);
      expect(mergeGuestCart.id).not.toBe(guest);
      expect(mergeGuestCart.lines).toEqual([{ productId: p1, quantity: 2 }]);
      expect((await expectData(cart.url, MY_CART, {}, owner)).myCart).toEqual({ id: mergeGuestCart.id, itemCount: 2 });
      // Bound to the customer now: anyone else is refused.
      expect(codesOf(await graphql(cart.url, GET, { id: mergeGuestCart.id }))).toEqual(['UNAUTHENTICATED']);
    });

    it("refuses anonymous callers and another customer's cart, changing nothing", async () => {
      const guest = await newCart();
      await expectData(cart.url, ADD, { cartId: guest, productId: p1, quantity: 1 });
      expect(codesOf(await graphql(cart.url, MERGE, { guestCartId: guest }))).toEqual(['UNAUTHENTICATED']);
      const other = await asCustomer();
      const theirs = await newCart(other);
      await expectData(cart.url, ADD, { cartId: theirs, productId: p1, quantity: 4 }, other);
      const thief = await asCustomer();
      expect(codesOf(await graphql(cart.url, MERGE, { guestCartId: theirs }, thief))).toEqual(['FORBIDDEN']);
      expect(codesOf(await graphql(cart.url, MERGE, { guestCartId: theirs }, await asStaff()))).toEqual(['FORBIDDEN']);
      expect(await redis.hget(`cart:${theirs}:lines`, p1)).toBe('4');
      expect((await expectData(cart.url, MY_CART, {}, thief)).myCart).toBeNull();
    });

    it('loses no line when the customer keeps adding while the guest cart merges', async () => {
      const owner = await asCustomer();
      const mine = await newCart(owner);
      const products = await newProducts(4);
      const guest = await newCart();
      for (const productId of products) await expectData(cart.url, ADD, { cartId: guest, productId, quantity: 1 });
      await Promise.all([
        expectData(cart.url, MERGE, { guestCartId: guest }, owner),
        ...products.map((productId) => expectData(cart.url, ADD, { cartId: mine, productId, quantity: 2 }, owner)),
      ]);
      const { cart: merged } = await expectData(cart.url, GET, { id: mine }, owner);
      expect(merged.lines.map((line: { quantity: number }) => line.quantity)).toEqual([3, 3, 3, 3]);
    });
  });

  describe('access', () => {
    it('lets anyone holding a guest cart id use it, signed in or not', async () => {
      const cartId = await newCart();
      expect(await redis.hexists(`cart:${cartId}`, 'owner')).toBe(0);
      await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 1 }, await asCustomer());
      await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 1 });
      const { cart: read } = await expectData(cart.url, GET, { id: cartId }, await asCustomer());
      expect(read.itemCount).toBe(2);
    });

    it('binds a cart created signed in to the caller, who alone may change it', async () => {
      const ownerId = randomUUID();
      const owner = await asCustomer(ownerId);
      const cartId = await newCart(owner);
      expect(await redis.hget(`cart:${cartId}`, 'owner')).toBe(ownerId);
      await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 2 }, owner);
      await expectData(cart.url, SET, { cartId, productId: p2, quantity: 1 }, owner);
      expect((await expectData(cart.url, GET, { id: cartId }, owner)).cart.itemCount).toBe(3);

      for (const [headers, code] of [
        [{}, 'UNAUTHENTICATED'],
        [await asCustomer(), 'FORBIDDEN'],
        [await asStaff(), 'FORBIDDEN'],
      ] as const) {
        const add = await graphql(cart.url, ADD, { cartId, productId: p1, quantity: 5 }, headers);
        expect(add.errors?.[0].extensions?.code).toBe(code);
        expect(add.data?.addCartLine ?? null).toBeNull();
        const set = await graphql(cart.url, SET, { cartId, productId: p2, quantity: 0 }, headers);
        expect(set.errors?.[0].extensions?.code).toBe(code);
      }
      expect(await redis.hgetall(`cart:${cartId}:lines`)).toEqual({ [p1]: '2', [p2]: '1' });
    });

    it('shows an owned cart to its owner and staff only: anonymous UNAUTHENTICATED, another customer FORBIDDEN', async () => {
      const owner = await asCustomer();
      const cartId = await newCart(owner);
      await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 1 }, owner);
      const anonymous = await graphql(cart.url, GET, { id: cartId });
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
      expect(anonymous.data?.cart).toBeNull();
      const stranger = await graphql(cart.url, GET, { id: cartId }, await asCustomer());
      expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
      expect(stranger.data?.cart).toBeNull();
      const staff = await expectData(cart.url, GET, { id: cartId }, await asStaff());
      expect(staff.cart).toMatchObject({ id: cartId, itemCount: 1 });
    });

    it("gives no field of another customer's cart through _entities, while a guest cart stays readable", async () => {
      const owner = await asCustomer();
      const owned = await newCart(owner);
      await expectData(cart.url, ADD, { cartId: owned, productId: p1, quantity: 3 }, owner);
      const guest = await newCart();
      const representations = [
        { __typename: 'Cart', id: owned },
        { __typename: 'Cart', id: guest },
      ];
      const stranger = await graphql(cart.url, ENTITIES, { representations }, await asCustomer());
      expect(stranger.data?._entities).toEqual([null, { id: guest, itemCount: 0, lines: [] }]);
      expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(stranger)).not.toContain('"quantity":3');
      const anonymous = await graphql(cart.url, ENTITIES, { representations });
      expect(anonymous.data?._entities).toEqual([null, { id: guest, itemCount: 0, lines: [] }]);
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
      const own = await expectData(cart.url, ENTITIES, { representations: [{ __typename: 'Cart', id: owned }] }, owner);
      expect(own._entities).toEqual([{ id: owned, itemCount: 3, lines: [{ quantity: 3 }] }]);
    });

    it("answers myCart with the caller's latest cart, null without one, and refuses anonymous callers", async () => {
      const owner = await asCustomer();
      expect((await expectData(cart.url, MY_CART, {}, owner)).myCart).toBeNull();
      await newCart(owner);
      const latest = await newCart(owner);
      await newCart(); // a guest cart is nobody's
      await newCart(await asCustomer()); // nor is another customer's cart the owner's
      expect((await expectData(cart.url, MY_CART, {}, owner)).myCart).toEqual({ id: latest, itemCount: 0 });
      const anonymous = await graphql(cart.url, MY_CART);
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
    });

    it("slides the owner's pointer to the latest cart with the cart, and forgets it when the cart expires", async () => {
      const ownerId = randomUUID();
      const owner = await asCustomer(ownerId);
      const cartId = await newCart(owner);
      await redis.expire(`account-cart:${ownerId}`, 5);
      await expectData(cart.url, ADD, { cartId, productId: p1, quantity: 1 }, owner);
      expect(await redis.ttl(`account-cart:${ownerId}`)).toBeGreaterThan(500);
      await redis.del(`cart:${cartId}`, `cart:${cartId}:lines`); // as if it expired
      expect((await expectData(cart.url, MY_CART, {}, owner)).myCart).toBeNull();
    });
  });
});
