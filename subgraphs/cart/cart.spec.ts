import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import { asCustomer, asStaff } from '../../test/support/tokens';
import type { CartStores } from './context';
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

const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) =>
  [...new Set((response.errors ?? []).map((error) => error.extensions?.code))];

describe('cart subgraph (Redis)', () => {
  let cart: StartedSubgraph<CartStores>;
  const redis = new Redis(testEnv.REDIS_URL);
  beforeAll(async () => {
    cart = await startTestSubgraph(cartSubgraph, { CART_TTL_SECONDS: '600' });
  });
  afterAll(async () => {
    await cart?.stop();
    await redis.quit();
  });

  const newCart = async (headers: Record<string, string> = {}): Promise<string> =>
    (await expectData(cart.url, 'mutation { createCart { id } }', {}, headers)).createCart.id;

  it('adds lines, merges repeated products and counts items', async () => {
    const cartId = await newCart();
    await expectData(cart.url, ADD, { cartId, productId: 'p-roses', quantity: 2 });
    await expectData(cart.url, ADD, { cartId, productId: 'p-lilies', quantity: 1 });
    const { addCartLine } = await expectData(cart.url, ADD, { cartId, productId: 'p-roses', quantity: 3 });
    expect(addCartLine.itemCount).toBe(6);
    expect(addCartLine.lines).toEqual([
      { product: { id: 'p-lilies' }, quantity: 1 },
      { product: { id: 'p-roses' }, quantity: 5 },
    ]);
  });

  it('never loses a line under concurrent additions', async () => {
    const cartId = await newCart();
    await Promise.all(
      Array.from({ length: 20 }, (_, index) => expectData(cart.url, ADD, { cartId, productId: `p-${index % 4}`, quantity: 1 })),
    );
    const { cart: stored } = await expectData(cart.url, `query($id: ID!) { cart(id: $id) { itemCount lines { quantity } } }`, { id: cartId });
    expect(stored.itemCount).toBe(20);
    expect(stored.lines.map((line: { quantity: number }) => line.quantity)).toEqual([5, 5, 5, 5]);
  });

  it('never loses a line under concurrent additions to an owned cart either', async () => {
    const owner = await asCustomer();
    const cartId = await newCart(owner);
    await Promise.all(
      Array.from({ length: 12 }, (_, index) => expectData(cart.url, ADD, { cartId, productId: `p-${index % 3}`, quantity: 1 }, owner)),
    );
    const { cart: stored } = await expectData(cart.url, GET, { id: cartId }, owner);
    expect(stored.lines.map((line: { quantity: number }) => line.quantity)).toEqual([4, 4, 4]);
  });

  it('slides the expiry of both keys on every change', async () => {
    const cartId = await newCart();
    await redis.expire(`cart:${cartId}`, 5);
    await expectData(cart.url, ADD, { cartId, productId: 'p-1', quantity: 1 });
    expect(await redis.ttl(`cart:${cartId}`)).toBeGreaterThan(500);
    expect(await redis.ttl(`cart:${cartId}:lines`)).toBeGreaterThan(500);
  });

  it('refuses bad quantities and unknown carts without changing anything', async () => {
    const cartId = await newCart();
    await expectData(cart.url, ADD, { cartId, productId: 'p-1', quantity: 98 });
    const tooMany = await graphql(cart.url, ADD, { cartId, productId: 'p-1', quantity: 2 });
    expect(tooMany.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    const zero = await graphql(cart.url, ADD, { cartId, productId: 'p-1', quantity: 0 });
    expect(zero.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(await redis.hget(`cart:${cartId}:lines`, 'p-1')).toBe('98');
    const missing = await graphql(cart.url, ADD, { cartId: 'no-such-cart', productId: 'p-1', quantity: 1 });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await redis.exists('cart:no-such-cart:lines')).toBe(0);
  });

  it('takes only cart ids it made: a key name built from another id is NOT_FOUND and writes nothing', async () => {
    const cartId = await newCart();
    const lines = `${cartId}:lines`; // names the cart's lines hash, which exists
    const response = await graphql(cart.url, ADD, { cartId: lines, productId: 'p-1', quantity: 1 });
    expect(response.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await redis.exists(`cart:${lines}:lines`)).toBe(0);
  });

  it('removes a line when its quantity is set to 0', async () => {
    const cartId = await newCart();
    await expectData(cart.url, ADD, { cartId, productId: 'p-1', quantity: 2 });
    const { setCartLineQuantity } = await expectData(
      cart.url,
      `mutation($cartId: ID!) { setCartLineQuantity(cartId: $cartId, productId: "p-1", quantity: 0) { lines { quantity } itemCount } }`,
      { cartId },
    );
    expect(setCartLineQuantity).toEqual({ lines: [], itemCount: 0 });
  });

  describe('access', () => {
    it('lets anyone holding a guest cart id use it, signed in or not', async () => {
      const cartId = await newCart();
      expect(await redis.hexists(`cart:${cartId}`, 'owner')).toBe(0);
      await expectData(cart.url, ADD, { cartId, productId: 'p-1', quantity: 1 }, await asCustomer());
      await expectData(cart.url, ADD, { cartId, productId: 'p-1', quantity: 1 });
      const { cart: read } = await expectData(cart.url, GET, { id: cartId }, await asCustomer());
      expect(read.itemCount).toBe(2);
    });

    it('binds a cart created signed in to the caller, who alone may change it', async () => {
      const ownerId = randomUUID();
      const owner = await asCustomer(ownerId);
      const cartId = await newCart(owner);
      expect(await redis.hget(`cart:${cartId}`, 'owner')).toBe(ownerId);
      await expectData(cart.url, ADD, { cartId, productId: 'p-1', quantity: 2 }, owner);
      await expectData(cart.url, SET, { cartId, productId: 'p-2', quantity: 1 }, owner);
      expect((await expectData(cart.url, GET, { id: cartId }, owner)).cart.itemCount).toBe(3);

      for (const [headers, code] of [
        [{}, 'UNAUTHENTICATED'],
        [await asCustomer(), 'FORBIDDEN'],
        [await asStaff(), 'FORBIDDEN'],
      ] as const) {
        const add = await graphql(cart.url, ADD, { cartId, productId: 'p-1', quantity: 5 }, headers);
        expect(add.errors?.[0].extensions?.code).toBe(code);
        expect(add.data?.addCartLine ?? null).toBeNull();
        const set = await graphql(cart.url, SET, { cartId, productId: 'p-2', quantity: 0 }, headers);
        expect(set.errors?.[0].extensions?.code).toBe(code);
      }
      expect(await redis.hgetall(`cart:${cartId}:lines`)).toEqual({ 'p-1': '2', 'p-2': '1' });
    });

    it("shows an owned cart to its owner and staff only: anonymous UNAUTHENTICATED, another customer FORBIDDEN", async () => {
      const owner = await asCustomer();
      const cartId = await newCart(owner);
      await expectData(cart.url, ADD, { cartId, productId: 'p-1', quantity: 1 }, owner);
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
      await expectData(cart.url, ADD, { cartId: owned, productId: 'p-1', quantity: 3 }, owner);
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
      await expectData(cart.url, ADD, { cartId, productId: 'p-1', quantity: 1 }, owner);
      expect(await redis.ttl(`account-cart:${ownerId}`)).toBeGreaterThan(500);
      await redis.del(`cart:${cartId}`, `cart:${cartId}:lines`); // as if it expired
      expect((await expectData(cart.url, MY_CART, {}, owner)).myCart).toBeNull();
    });
  });
});
