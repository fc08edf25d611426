import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer, asStaff } from '../../test/support/tokens';
import { cartSubgraph } from '../cart/subgraph';
import { catalogSubgraph } from '../catalog/subgraph';
import type { WishlistProviders } from './context';
import { wishlistSubgraph } from './subgraph';

// The wishlist calls the real cart subgraph over HTTP, which checks products with the real catalog.
const ADD = `mutation($productId: ID!) { addToWishlist(productId: $productId) { itemCount } }`;
const MOVE = `mutation($productId: ID!, $cartId: ID) {
  moveWishlistItemToCart(productId: $productId, cartId: $cartId) { cart { id } wishlist { userId items { product { id } } } }
}`;
const CART = `query($id: ID!) { cart(id: $id) { id lines { product { id } quantity } } }`;
const CREATE_PRODUCT = `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`;

const productIdsOf = (wishlist: { items: Array<{ product: { id: string } }> }) => wishlist.items.map((item) => item.product.id);

const customer = async () => {
  const id = randomUUID();
  return { id, headers: await asCustomer(id) };
};

describe('moveWishlistItemToCart (wishlist → real cart → real catalog)', () => {
  let catalog: StartedSubgraph<unknown>;
  let cart: StartedSubgraph<unknown>;
  let wishlist: StartedSubgraph<WishlistProviders>;

  beforeAll(async () => {
    catalog = await startTestSubgraph(catalogSubgraph);
    cart = await startTestSubgraph(cartSubgraph, { CATALOG_URL: catalog.url });
    wishlist = await startTestSubgraph(wishlistSubgraph, { CART_URL: cart.url });
  });
  afterAll(async () => {
    await wishlist?.stop();
    await cart?.stop();
    await catalog?.stop();
  });

  const product = async (stock: number): Promise<string> =>
    (await expectData(catalog.url, CREATE_PRODUCT, { input: { name: unique('Wished tulips'), priceMinor: 1990, currency: 'EUR', stock } }, await asStaff()))
      .createProduct.id;
  const wish = (headers: Record<string, string>, productId: string) => expectData(wishlist.url, ADD, { productId }, headers);
  const move = (headers: Record<string, string>, productId: string, cartId?: string) => graphql(wishlist.url, MOVE, { productId, cartId }, headers);
  const cartOf = async (cartId: string, headers: Record<string, string>) => (await expectData(cart.url, CART, { id: cartId }, headers)).cart;
  const wishedBy = async (headers: Record<string, string>) =>
    productIdsOf((await expectData(wishlist.url, '{ myWishlist { items { product { id } } } }', {}, headers)).myWishlist);

  it("puts the product in a new cart of the caller's when they have none, then takes it off the wishlist", async () => {
    const ana = await customer();
    const [roses, lilies] = [await product(5), await product(5)];
    await wish(ana.headers, roses);
    await wish(ana.headers, lilies);
    const moved = await move(ana.headers, roses);
    expect(moved.errors).toBeUndefined();
    const { cart: into, wishlist: left } = moved.data!.moveWishlistItemToCart;
    expect(productIdsOf(left)).toEqual([lilies]);
    expect((await cartOf(into.id, ana.headers)).lines).toEqual([{ product: { id: roses }, quantity: 1 }]);
    // The cart is bound to the caller: it is their latest one.
    expect((await expectData(cart.url, '{ myCart { id } }', {}, ana.headers)).myCart.id).toBe(into.id);
  });

  it('uses the cart named, else the latest cart of the caller', async () => {
    const ana = await customer();
    const [roses, lilies, daisies] = [await product(5), await product(5), await product(5)];
    for (const id of [roses, lilies, daisies]) await wish(ana.headers, id);
    const older = (await expectData(cart.url, 'mutation { createCart { id } }', {}, ana.headers)).createCart.id;
    const latest = (await expectData(cart.url, 'mutation { createCart { id } }', {}, ana.headers)).createCart.id;
    expect((await move(ana.headers, roses, older)).data!.moveWishlistItemToCart.cart.id).toBe(older);
    expect((await move(ana.headers, lilies)).data!.moveWishlistItemToCart.cart.id).toBe(latest);
    expect((await cartOf(older, ana.headers)).lines).toEqual([{ product: { id: roses }, quantity: 1 }]);
    expect((await cartOf(latest, ana.headers)).lines).toEqual([{ product: { id: lilies }, quantity: 1 }]);
    expect(await wishedBy(ana.headers)).toEqual([daisies]);
  });

  it('answers NOT_FOUND for a product not in the wishlist, and asks the cart nothing', async () => {
    const ana = await customer();
    const cartId = (await expectData(cart.url, 'mutation { createCart { id } }', {}, ana.headers)).createCart.id;
    const response = await move(ana.headers, await product(5), cartId);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', field: 'productId' });
    expect(response.errors?.[0].extensions?.from).toBeUndefined();
    expect((await cartOf(cartId, ana.headers)).lines).toEqual([]);
  });

  it("passes the cart's refusal through and keeps the item: someone else's cart, an unknown cart", async () => {
    const [ana, bob] = [await customer(), await customer()];
    const roses = await product(5);
    await wish(ana.headers, roses);
    const bobsCart = (await expectData(cart.url, 'mutation { createCart { id } }', {}, bob.headers)).createCart.id;
    const forbidden = await move(ana.headers, roses, bobsCart);
    expect(forbidden.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN', from: 'cart' });
    expect(forbidden.data?.moveWishlistItemToCart ?? null).toBeNull();
    const unknown = await move(ana.headers, roses, randomUUID());
    expect(unknown.errors?.[0].extensions).toMatchObject({ code: 'NOT_FOUND', from: 'cart' });
    expect(await wishedBy(ana.headers)).toEqual([roses]);
    expect((await cartOf(bobsCart, bob.headers)).lines).toEqual([]);
  });

  it('passes OUT_OF_STOCK through from the cart (checked against the catalog) and keeps the item', async () => {
    const ana = await customer();
    const soldOut = await product(0);
    await wish(ana.headers, soldOut);
    const cartId = (await expectData(cart.url, 'mutation { createCart { id } }', {}, ana.headers)).createCart.id;
    const response = await move(ana.headers, soldOut, cartId);
    expect(response.errors?.[0].extensions).toMatchObject({ code: 'OUT_OF_STOCK', from: 'cart' });
    expect(await wishedBy(ana.headers)).toEqual([soldOut]);
    expect((await cartOf(cartId, ana.headers)).lines).toEqual([]);
  });

  it("acts as the caller at the cart: concurrent moves by two customers each land in the caller's own cart", async () => {
    const callers = await Promise.all(Array.from({ length: 4 }, () => customer()));
    const productIds = await Promise.all(callers.map(() => product(5)));
    await Promise.all(callers.map((caller, index) => wish(caller.headers, productIds[index])));
    // The same request id for all: the forwarded token must still be each request's own.
    const sameRequestId = { 'x-request-id': `shared-${randomUUID()}` };
    const moved = await Promise.all(callers.map((caller, index) => move({ ...caller.headers, ...sameRequestId }, productIds[index])));
    for (const [index, response] of moved.entries()) {
      expect(response.errors).toBeUndefined();
      const into = response.data!.moveWishlistItemToCart.cart.id;
      expect((await cartOf(into, callers[index].headers)).lines).toEqual([{ product: { id: productIds[index] }, quantity: 1 }]);
    }
  });
});
