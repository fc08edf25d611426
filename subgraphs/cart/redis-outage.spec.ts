import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { lastRead } from '../../test/support/eventually';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy';
import { testEnv } from '../../test/support/test-env';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { catalogSubgraph } from '../catalog/subgraph';
import type { CartProviders } from './context';
import { cartSubgraph } from './subgraph';

const GET = `query($id: ID!) { cart(id: $id) { id itemCount lines { quantity } } }`;
const MY_CART = `{ myCart { id itemCount } }`;
const ADD = `mutation($cartId: ID!, $productId: ID!) { addCartLine(cartId: $cartId, productId: $productId, quantity: 1) { itemCount } }`;

const catalogDatabase = (() => {
  const url = new URL(testEnv.MONGODB_URL);
  url.pathname = `${url.pathname}_cart`;
  return url.toString();
})();

const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => [
  ...new Set((response.errors ?? []).map((error) => error.extensions?.code)),
];

describe('cart subgraph while its Redis does not answer', () => {
  let redisProxy: TcpProxy;
  let cart: StartedSubgraph<CartProviders>;
  let catalog: StartedSubgraph<unknown>;
  beforeAll(async () => {
    redisProxy = await startTcpProxy(testEnv.REDIS_URL);
    catalog = await startTestSubgraph(catalogSubgraph, { MONGODB_URL: catalogDatabase });
    cart = await startTestSubgraph(cartSubgraph, { CART_TTL_SECONDS: '600', CATALOG_URL: catalog.url, REDIS_URL: redisProxy.url });
  });
  afterAll(async () => {
    await redisProxy.up();
    await cart?.stop();
    await catalog?.stop();
    await redisProxy.down();
  });

  it('answers SERVICE_UNAVAILABLE, never an empty cart, and the cart as it was once Redis is back', async () => {
    const owner = await asCustomer();
    const productId = (
      await expectData(
        catalog.url,
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }',
        { input: { name: 'Outage Test Bouquet', slug: unique('cart-outage'), priceMinor: 1000, currency: 'EUR', stock: 50 } },
        await asStaff(),
      )
    ).createProduct.id;
    const cartId = (await expectData(cart.url, 'mutation { createCart { id } }', {}, owner)).createCart.id;
    await expectData(cart.url, ADD, { cartId, productId }, owner);

    await redisProxy.down();
    for (const [query, variables] of [
      [GET, { id: cartId }],
      [MY_CART, {}],
      [ADD, { cartId, productId }],
      ['mutation { createCart { id } }', {}],
    ] as const) {
      const started = Date.now();
      const answer = await graphql(cart.url, query, variables, owner);
      expect(codesOf(answer), query).toEqual(['SERVICE_UNAVAILABLE']);
      expect(Date.now() - started, `${query}: answered at once, not after the reconnection attempts`).toBeLessThan(2_000);
      expect(JSON.stringify(answer.data ?? null)).not.toMatch(/itemCount":0/);
    }

    await redisProxy.up();
    const back = await lastRead(
      () => graphql(cart.url, GET, { id: cartId }, owner),
      (answer) => !answer.errors,
      10_000,
    );
    expect(back.errors).toBeUndefined();
    expect(back.data).toEqual({ cart: { id: cartId, itemCount: 1, lines: [{ quantity: 1 }] } });
  });
});
