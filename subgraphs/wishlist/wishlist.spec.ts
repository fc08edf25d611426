import { randomUUID } from 'node:crypto';
import { MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asAdmin, asCustomer, asStaff } from '../../test/support/tokens';
import type { WishlistProviders } from './context';
import type { WishlistDocument } from './store/wishlist.document';
import { wishlistIdFor } from './store/wishlist-id';
import { wishlistSubgraph } from './subgraph';
import { testMongoClient } from '../../test/support/mongo-client';

const FIELDS = 'id userId owner { id } itemCount items { product { id } addedAt }';
const ADD = `mutation($productId: ID!) { addToWishlist(productId: $productId) { ${FIELDS} } }`;
const REMOVE = `mutation($productId: ID!) { removeFromWishlist(productId: $productId) { ${FIELDS} } }`;
const MINE = `{ myWishlist { ${FIELDS} } }`;
const MOVE = `mutation($productId: ID!) { moveWishlistItemToCart(productId: $productId) { cart { id } } }`;
const OF_USER = `query($userId: ID!) { wishlist(userId: $userId) { ${FIELDS} } }`;
const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Wishlist { userId itemCount items { product { id } } } } }`;
const PRODUCTS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id wishlisted } } }`;
const BOTH_FIELDS = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Product { id wishlisted inWishlist } } }`;
const MAX_ITEMS = 3;

const productIdsOf = (wishlist: { items: Array<{ product: { id: string } }> }) => wishlist.items.map((item) => item.product.id);
const codesOf = (response: { errors?: Array<{ extensions?: Record<string, unknown> }> }) => [
  ...new Set((response.errors ?? []).map((error) => error.extensions?.code)),
];

/** A signed-in customer: their account id (which is their user id) and their token's headers. */
const customer = async () => {
  const id = randomUUID();
  return { id, headers: await asCustomer(id) };
};

describe('wishlist subgraph (MongoDB wire)', () => {
  let wishlist: StartedSubgraph<WishlistProviders>;
  const mongo = testMongoClient();
  const stored = (userId: string) => mongo.db().collection('wishlists').countDocuments({ userId });
  const storedItems = (userId: string) =>
    mongo
      .db()
      .collection('wishlist_items')
      .countDocuments({ wishlistId: wishlistIdFor(userId) });

  beforeAll(async () => {
    wishlist = await startTestSubgraph(wishlistSubgraph, { WISHLIST_MAX_ITEMS: String(MAX_ITEMS) });
    await mongo.connect();
  });
  afterAll(async () => {
    await wishlist?.stop();
    await mongo.close();
  });

  const add = (headers: Record<string, string>, productId: string) => expectData(wishlist.url, ADD, { productId }, headers);
  const mine = async (headers: Record<string, string>) => (await expectData(wishlist.url, MINE, {}, headers)).myWishlist;

  it('gives a new user an empty wishlist without storing it', async () => {
    const ana = await customer();
    expect(await mine(ana.headers)).toEqual({ id: wishlistIdFor(ana.id), userId: ana.id, owner: { id: ana.id }, itemCount: 0, items: [] });
    expect(await stored(ana.id)).toBe(0);
  });

  it('adds products in order, keeps one entry when one is added twice, and keeps its id', async () => {
    const ana = await customer();
    const before = await mine(ana.headers);
    await add(ana.headers, 'p-roses');
    await add(ana.headers, 'p-lilies');
    const { addToWishlist } = await add(ana.headers, 'p-roses');
    expect(addToWishlist).toMatchObject({ id: before.id, userId: ana.id, owner: { id: ana.id }, itemCount: 2 });
    expect(productIdsOf(addToWishlist)).toEqual(['p-roses', 'p-lilies']);
    expect(new Date(addToWishlist.items[0].addedAt).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('keeps one entry and one wishlist document when the same product is added concurrently', async () => {
    const ana = await customer();
    await Promise.all(Array.from({ length: 10 }, () => add(ana.headers, 'p-tulips')));
    expect(productIdsOf(await mine(ana.headers))).toEqual(['p-tulips']);
    expect(await stored(ana.id)).toBe(1);
    expect(await storedItems(ana.id)).toBe(1);
  });

  it('loses no product when different products are added concurrently to a new wishlist', async () => {
    const ana = await customer();
    const productIds = ['p-a', 'p-b', 'p-c'];
    await Promise.all(Array.from({ length: 12 }, (_, index) => add(ana.headers, productIds[index % 3])));
    expect(productIdsOf(await mine(ana.headers)).sort()).toEqual(productIds);
    expect(await stored(ana.id)).toBe(1);
  });

  it('lets the unique index refuse a second wishlist document for the same user', async () => {
    const ana = await customer();
    await add(ana.headers, 'p-1');
    const second = mongo.db().collection<WishlistDocument>('wishlists').insertOne({ _id: 'another-id', userId: ana.id, createdAt: new Date() });
    await expect(second).rejects.toMatchObject({ code: 11000 });
    await expect(second).rejects.toBeInstanceOf(MongoServerError);
  });

  it('removes a product, and removing one that is not there changes nothing', async () => {
    const ana = await customer();
    await add(ana.headers, 'p-1');
    await add(ana.headers, 'p-2');
    const { removeFromWishlist } = await expectData(wishlist.url, REMOVE, { productId: 'p-1' }, ana.headers);
    expect(productIdsOf(removeFromWishlist)).toEqual(['p-2']);
    const again = await expectData(wishlist.url, REMOVE, { productId: 'p-1' }, ana.headers);
    expect(productIdsOf(again.removeFromWishlist)).toEqual(['p-2']);
    const stranger = await customer();
    const nothing = await expectData(wishlist.url, REMOVE, { productId: 'p-2' }, stranger.headers);
    expect(nothing.removeFromWishlist).toMatchObject({ userId: stranger.id, itemCount: 0 });
    expect(await stored(stranger.id)).toBe(0);
    expect(productIdsOf(await mine(ana.headers))).toEqual(['p-2']); // the stranger removed from their own list only
  });

  it('refuses a product beyond the maximum size, but still accepts one already there', async () => {
    const ana = await customer();
    for (let index = 0; index < MAX_ITEMS; index++) await add(ana.headers, `p-${index}`);
    const full = await graphql(wishlist.url, ADD, { productId: 'p-one-too-many' }, ana.headers);
    expect(full.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId', maxItems: MAX_ITEMS });
    expect(full.errors?.[0].message).toContain(`at most ${MAX_ITEMS}`);
    const repeated = await add(ana.headers, 'p-0');
    expect(repeated.addToWishlist.itemCount).toBe(MAX_ITEMS);
  });

  it('refuses empty or oversized ids with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const ana = await customer();
    const emptyProduct = await graphql(wishlist.url, ADD, { productId: '  ' }, ana.headers);
    expect(emptyProduct.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId' });
    const longProduct = await graphql(wishlist.url, ADD, { productId: 'p'.repeat(65) }, ana.headers);
    expect(longProduct.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId' });
    const staff = await asStaff();
    const emptyUser = await graphql(wishlist.url, OF_USER, { userId: '' }, staff);
    expect(emptyUser.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    const longUser = await graphql(wishlist.url, OF_USER, { userId: 'u'.repeat(65) }, staff);
    expect(longUser.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    expect(await stored(ana.id)).toBe(0);
  });

  it('resolves entity references in the order asked, with null for unknown ids', async () => {
    const [alice, bob] = [await customer(), await customer()];
    await add(alice.headers, 'p-a');
    await add(bob.headers, 'p-b1');
    await add(bob.headers, 'p-b2');
    const { _entities } = await expectData(
      wishlist.url,
      ENTITIES,
      {
        representations: [
          { __typename: 'Wishlist', id: wishlistIdFor(bob.id) },
          { __typename: 'Wishlist', id: 'not-a-wishlist' },
          { __typename: 'Wishlist', id: wishlistIdFor(randomUUID()) },
          { __typename: 'Wishlist', id: wishlistIdFor(alice.id) },
        ],
      },
      await asStaff(),
    );
    expect(_entities).toEqual([
      { userId: bob.id, itemCount: 2, items: [{ product: { id: 'p-b1' } }, { product: { id: 'p-b2' } }] },
      null,
      null,
      { userId: alice.id, itemCount: 1, items: [{ product: { id: 'p-a' } }] },
    ]);
  });

  describe('Product.wishlisted', () => {
    const wishlisted = async (productIds: string[], headers: Record<string, string> = {}) =>
      (await expectData(wishlist.url, PRODUCTS, { representations: productIds.map((id) => ({ __typename: 'Product', id })) }, headers))._entities;

    it("answers for the caller's own wishlist, in the order asked, with one query for the whole page", async () => {
      const [ana, bob] = [await customer(), await customer()];
      await add(ana.headers, 'p-wished');
      await add(bob.headers, 'p-bobs');
      const wishedAmong = vi.spyOn(wishlist.providers.wishlists, 'wishedAmong');
      const page = await wishlisted(['p-bobs', 'p-wished', 'p-other', 'p-wished'], ana.headers);
      expect(wishedAmong).toHaveBeenCalledTimes(1);
      wishedAmong.mockRestore();
      expect(page).toEqual([
        { id: 'p-bobs', wishlisted: false },
        { id: 'p-wished', wishlisted: true },
        { id: 'p-other', wishlisted: false },
        { id: 'p-wished', wishlisted: true },
      ]);
      expect(await wishlisted(['p-bobs', 'p-wished'], bob.headers)).toEqual([
        { id: 'p-bobs', wishlisted: true },
        { id: 'p-wished', wishlisted: false },
      ]);
    });

    it('is false for anonymous callers, without an error or a query', async () => {
      const ana = await customer();
      await add(ana.headers, 'p-public');
      const wishedAmong = vi.spyOn(wishlist.providers.wishlists, 'wishedAmong');
      const response = await graphql(wishlist.url, PRODUCTS, { representations: [{ __typename: 'Product', id: 'p-public' }] });
      expect(wishedAmong).not.toHaveBeenCalled();
      wishedAmong.mockRestore();
      expect(response.errors).toBeUndefined();
      expect(response.data?._entities).toEqual([{ id: 'p-public', wishlisted: false }]);
    });

    it('follows additions and removals', async () => {
      const ana = await customer();
      expect(await wishlisted(['p-toggle'], ana.headers)).toEqual([{ id: 'p-toggle', wishlisted: false }]);
      await add(ana.headers, 'p-toggle');
      expect(await wishlisted(['p-toggle'], ana.headers)).toEqual([{ id: 'p-toggle', wishlisted: true }]);
      await expectData(wishlist.url, REMOVE, { productId: 'p-toggle' }, ana.headers);
      expect(await wishlisted(['p-toggle'], ana.headers)).toEqual([{ id: 'p-toggle', wishlisted: false }]);
    });

    it('agrees with the items after concurrent additions and removals from several tabs', async () => {
      for (let round = 0; round < 10; round += 1) {
        const ana = await customer();
        await add(ana.headers, 'p-x');
        // Straight to the store, so the calls interleave as closely as they can.
        const store = wishlist.providers.wishlists;
        const taps = (call: () => Promise<unknown>) => Array.from({ length: 3 }, call);
        await Promise.all([...taps(() => store.add(ana.id, 'p-a')), ...taps(() => store.add(ana.id, 'p-b')), ...taps(() => store.remove(ana.id, 'p-x'))]);
        expect(productIdsOf(await mine(ana.headers)).sort()).toEqual(['p-a', 'p-b']);
        expect(await wishlisted(['p-a', 'p-b', 'p-x'], ana.headers)).toEqual([
          { id: 'p-a', wishlisted: true },
          { id: 'p-b', wishlisted: true },
          { id: 'p-x', wishlisted: false },
        ]);
      }
    });

    it('answers for a wishlist stored before its copy of items was kept, and keeps one from its next change', async () => {
      const ana = await customer();
      await add(ana.headers, 'p-old');
      const wishlists = mongo.db().collection<WishlistDocument>('wishlists');
      await wishlists.updateOne({ userId: ana.id }, { $unset: { items: '' } });
      expect(await wishlisted(['p-old', 'p-new'], ana.headers)).toEqual([
        { id: 'p-old', wishlisted: true },
        { id: 'p-new', wishlisted: false },
      ]);
      expect(productIdsOf(await mine(ana.headers))).toEqual(['p-old']);
      await add(ana.headers, 'p-new');
      expect((await wishlists.findOne({ userId: ana.id }))?.items?.map((item) => item.productId)).toEqual(['p-old', 'p-new']);
      expect(await wishlisted(['p-old', 'p-new'], ana.headers)).toEqual([
        { id: 'p-old', wishlisted: true },
        { id: 'p-new', wishlisted: true },
      ]);
      const page = await mine(ana.headers);
      expect(productIdsOf(page)).toEqual(['p-old', 'p-new']);
      expect(new Date(page.items[0].addedAt).getTime()).toBeLessThanOrEqual(new Date(page.items[1].addedAt).getTime());
    });

    it('answers the deprecated inWishlist alike, from the same store query', async () => {
      const ana = await customer();
      await add(ana.headers, 'p-both');
      const wishedAmong = vi.spyOn(wishlist.providers.wishlists, 'wishedAmong');
      const response = await expectData(
        wishlist.url,
        BOTH_FIELDS,
        { representations: ['p-both', 'p-neither'].map((id) => ({ __typename: 'Product', id })) },
        ana.headers,
      );
      expect(wishedAmong).toHaveBeenCalledTimes(1);
      wishedAmong.mockRestore();
      expect(response._entities).toEqual([
        { id: 'p-both', wishlisted: true, inWishlist: true },
        { id: 'p-neither', wishlisted: false, inWishlist: false },
      ]);
    });
  });

  describe('access', () => {
    it('refuses anonymous callers with UNAUTHENTICATED, writing nothing', async () => {
      for (const query of [MINE, ADD, REMOVE, MOVE]) {
        const response = await graphql(wishlist.url, query, { productId: 'p-1' });
        expect(codesOf(response), query).toEqual(['UNAUTHENTICATED']);
      }
      expect(codesOf(await graphql(wishlist.url, OF_USER, { userId: randomUUID() }))).toEqual(['UNAUTHENTICATED']);
    });

    it("keeps wishlist(userId) to staff: a customer asking for anyone's, even their own, gets FORBIDDEN", async () => {
      const ana = await customer();
      await add(ana.headers, 'p-1');
      expect(codesOf(await graphql(wishlist.url, OF_USER, { userId: ana.id }, (await customer()).headers))).toEqual(['FORBIDDEN']);
      expect(codesOf(await graphql(wishlist.url, OF_USER, { userId: ana.id }, ana.headers))).toEqual(['FORBIDDEN']);
      for (const headers of [await asStaff(), await asAdmin()]) {
        const { wishlist: read } = await expectData(wishlist.url, OF_USER, { userId: ana.id }, headers);
        expect(productIdsOf(read)).toEqual(['p-1']);
      }
    });

    it("gives no field of another customer's wishlist through _entities", async () => {
      const ana = await customer();
      await add(ana.headers, 'p-secret');
      const representations = [{ __typename: 'Wishlist', id: wishlistIdFor(ana.id) }];
      const stranger = await graphql(wishlist.url, ENTITIES, { representations }, (await customer()).headers);
      expect(stranger.data?._entities).toEqual([null]);
      expect(codesOf(stranger)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(stranger)).not.toContain('p-secret');
      const anonymous = await graphql(wishlist.url, ENTITIES, { representations });
      expect(anonymous.data?._entities).toEqual([null]);
      expect(codesOf(anonymous)).toEqual(['UNAUTHENTICATED']);
      const own = await expectData(wishlist.url, ENTITIES, { representations }, ana.headers);
      expect(own._entities).toEqual([{ userId: ana.id, itemCount: 1, items: [{ product: { id: 'p-secret' } }] }]);
    });
  });
});
