import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import type { CartStores } from './context';
import { cartSubgraph } from './subgraph';

const ADD = `mutation($cartId: ID!, $productId: ID!, $quantity: Int!) {
  addCartLine(cartId: $cartId, productId: $productId, quantity: $quantity) { id itemCount lines { product { id } quantity } }
}`;

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

  const newCart = async (): Promise<string> => (await expectData(cart.url, 'mutation { createCart { id } }')).createCart.id;

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
});
