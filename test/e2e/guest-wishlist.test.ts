import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectData, graphql, unique } from '../support/graphql';
import { createShopProduct } from '../support/shop';
import { startSupergraph, type RunningSupergraph } from '../support/supergraph';

// A guest's wishlist through the router, and its merge into the account when the guest signs up and signs in.

const GUEST = 'query($id: ID!) { guestWishlist(id: $id) { id itemCount merged items { product { id name } } } }';
const ADD = 'mutation($g: ID!, $p: ID!) { addToGuestWishlist(guestWishlistId: $g, productId: $p) { itemCount } }';
const MERGE = 'mutation($g: ID!) { mergeGuestWishlist(guestWishlistId: $g) { itemCount items { product { id name wishlisted } } } }';
const MINE = '{ myWishlist { itemCount items { product { id name wishlisted } } } }';

describe('guest wishlist through the router, merged on sign-in', () => {
  let supergraph: RunningSupergraph;
  beforeAll(async () => {
    supergraph = await startSupergraph();
  }, 120_000);
  afterAll(() => supergraph?.stop());

  /** A real account, signed in through the auth subgraph: the headers of its access token. */
  const signUpAndIn = async () => {
    const email = `${unique('guest-wishlist')}@example.com`;
    const password = 'Guest wishlist 2026';
    const url = supergraph.routerUrl;
    await expectData(url, 'mutation($input: RegisterAccountInput!) { registerAccount(input: $input) { id } }', { input: { email, password } });
    const { login } = await expectData(url, 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }', { e: email, p: password });
    return { authorization: `Bearer ${login.accessToken}` };
  };

  it("keeps a guest's wishes with the catalog's names, and moves them into the account once, however many tabs merge", async () => {
    const url = supergraph.routerUrl;
    const [roses, lilies] = [await createShopProduct(url, unique('Guest Roses')), await createShopProduct(url, unique('Guest Lilies'))];
    const { createGuestWishlist } = await expectData(url, 'mutation { createGuestWishlist { id } }');
    const g = createGuestWishlist.id;
    await Promise.all([expectData(url, ADD, { g, p: roses }), expectData(url, ADD, { g, p: roses }), expectData(url, ADD, { g, p: lilies })]);
    const { guestWishlist } = await expectData(url, GUEST, { id: g });
    expect(guestWishlist).toMatchObject({ itemCount: 2, merged: false });
    expect(guestWishlist.items.map((item: { product: { id: string; name: string } }) => item.product.id).sort()).toEqual([roses, lilies].sort());
    expect(guestWishlist.items.every((item: { product: { name: string } }) => item.product.name.startsWith('Guest '))).toBe(true);

    const signedIn = await signUpAndIn();
    await expectData(url, 'mutation($p: ID!) { addToWishlist(productId: $p) { itemCount } }', { p: lilies }, signedIn);
    const merges = await Promise.all([1, 2, 3].map(() => graphql(url, MERGE, { g }, signedIn)));
    for (const merged of merges) {
      expect(merged.errors).toBeUndefined();
      expect(merged.data!.mergeGuestWishlist.itemCount).toBe(2);
    }
    const { myWishlist } = await expectData(url, MINE, {}, signedIn);
    expect(myWishlist.items.map((item: { product: { id: string } }) => item.product.id).sort()).toEqual([roses, lilies].sort());
    expect(myWishlist.items.every((item: { product: { wishlisted: boolean } }) => item.product.wishlisted)).toBe(true);

    expect((await expectData(url, GUEST, { id: g })).guestWishlist).toMatchObject({ merged: true, itemCount: 0 });
    const late = await graphql(url, ADD, { g, p: roses });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'GUEST_WISHLIST_MERGED' });
    expect((await graphql(url, MERGE, { g })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
