import { MongoClient, MongoServerError } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql, unique } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { testEnv } from '../../test/support/test-env';
import type { WishlistStores } from './context';
import type { WishlistDocument } from './store/wishlist.document';
import { wishlistIdFor } from './store/wishlist-id';
import { wishlistSubgraph } from './subgraph';

const FIELDS = 'id userId owner { id } itemCount items { product { id } addedAt }';
const ADD = `mutation($userId: ID!, $productId: ID!) { addToWishlist(userId: $userId, productId: $productId) { ${FIELDS} } }`;
const REMOVE = `mutation($userId: ID!, $productId: ID!) { removeFromWishlist(userId: $userId, productId: $productId) { ${FIELDS} } }`;
const GET = `query($userId: ID!) { wishlist(userId: $userId) { ${FIELDS} } }`;
const MAX_ITEMS = 3;

const productIdsOf = (wishlist: { items: Array<{ product: { id: string } }> }) => wishlist.items.map((item) => item.product.id);

describe('wishlist subgraph (MongoDB wire)', () => {
  let wishlist: StartedSubgraph<WishlistStores>;
  const mongo = new MongoClient(testEnv.MONGODB_URL);
  const stored = (userId: string) => mongo.db().collection('wishlists').countDocuments({ userId });
  const storedItems = (userId: string) => mongo.db().collection('wishlist_items').countDocuments({ wishlistId: wishlistIdFor(userId) });

  beforeAll(async () => {
    wishlist = await startTestSubgraph(wishlistSubgraph, { WISHLIST_MAX_ITEMS: String(MAX_ITEMS) });
    await mongo.connect();
  });
  afterAll(async () => {
    await wishlist?.stop();
    await mongo.close();
  });

  it('gives a new user an empty wishlist without storing it', async () => {
    const userId = unique('u');
    const { wishlist: empty } = await expectData(wishlist.url, GET, { userId });
    expect(empty).toEqual({ id: wishlistIdFor(userId), userId, owner: { id: userId }, itemCount: 0, items: [] });
    expect(await stored(userId)).toBe(0);
  });

  it('adds products in order, keeps one entry when one is added twice, and keeps its id', async () => {
    const userId = unique('u');
    const { wishlist: before } = await expectData(wishlist.url, GET, { userId });
    await expectData(wishlist.url, ADD, { userId, productId: 'p-roses' });
    await expectData(wishlist.url, ADD, { userId, productId: 'p-lilies' });
    const { addToWishlist } = await expectData(wishlist.url, ADD, { userId, productId: 'p-roses' });
    expect(addToWishlist).toMatchObject({ id: before.id, userId, owner: { id: userId }, itemCount: 2 });
    expect(productIdsOf(addToWishlist)).toEqual(['p-roses', 'p-lilies']);
    expect(new Date(addToWishlist.items[0].addedAt).getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('keeps one entry and one wishlist document when the same product is added concurrently', async () => {
    const userId = unique('u');
    await Promise.all(Array.from({ length: 10 }, () => expectData(wishlist.url, ADD, { userId, productId: 'p-tulips' })));
    const { wishlist: after } = await expectData(wishlist.url, GET, { userId });
    expect(productIdsOf(after)).toEqual(['p-tulips']);
    expect(await stored(userId)).toBe(1);
    expect(await storedItems(userId)).toBe(1);
  });

  it('loses no product when different products are added concurrently to a new wishlist', async () => {
    const userId = unique('u');
    const productIds = ['p-a', 'p-b', 'p-c'];
    await Promise.all(Array.from({ length: 12 }, (_, index) => expectData(wishlist.url, ADD, { userId, productId: productIds[index % 3] })));
    const { wishlist: after } = await expectData(wishlist.url, GET, { userId });
    expect(productIdsOf(after).sort()).toEqual(productIds);
    expect(await stored(userId)).toBe(1);
  });

  it('lets the unique index refuse a second wishlist document for the same user', async () => {
    const userId = unique('u');
    await expectData(wishlist.url, ADD, { userId, productId: 'p-1' });
    const second = mongo.db().collection<WishlistDocument>('wishlists').insertOne({ _id: 'another-id', userId, createdAt: new Date() });
    await expect(second).rejects.toMatchObject({ code: 11000 });
    await expect(second).rejects.toBeInstanceOf(MongoServerError);
  });

  it('removes a product, and removing one that is not there changes nothing', async () => {
    const userId = unique('u');
    await expectData(wishlist.url, ADD, { userId, productId: 'p-1' });
    await expectData(wishlist.url, ADD, { userId, productId: 'p-2' });
    const { removeFromWishlist } = await expectData(wishlist.url, REMOVE, { userId, productId: 'p-1' });
    expect(productIdsOf(removeFromWishlist)).toEqual(['p-2']);
    const again = await expectData(wishlist.url, REMOVE, { userId, productId: 'p-1' });
    expect(productIdsOf(again.removeFromWishlist)).toEqual(['p-2']);
    const stranger = unique('u');
    const nothing = await expectData(wishlist.url, REMOVE, { userId: stranger, productId: 'p-1' });
    expect(nothing.removeFromWishlist.itemCount).toBe(0);
    expect(await stored(stranger)).toBe(0);
  });

  it('refuses a product beyond the maximum size, but still accepts one already there', async () => {
    const userId = unique('u');
    for (let index = 0; index < MAX_ITEMS; index++) await expectData(wishlist.url, ADD, { userId, productId: `p-${index}` });
    const full = await graphql(wishlist.url, ADD, { userId, productId: 'p-one-too-many' });
    expect(full.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId', maxItems: MAX_ITEMS });
    expect(full.errors?.[0].message).toContain(`at most ${MAX_ITEMS}`);
    const repeated = await expectData(wishlist.url, ADD, { userId, productId: 'p-0' });
    expect(repeated.addToWishlist.itemCount).toBe(MAX_ITEMS);
  });

  it('refuses empty or oversized ids with BAD_USER_INPUT naming the field, and writes nothing', async () => {
    const userId = unique('u');
    const emptyProduct = await graphql(wishlist.url, ADD, { userId, productId: '  ' });
    expect(emptyProduct.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId' });
    const longUser = await graphql(wishlist.url, ADD, { userId: 'u'.repeat(65), productId: 'p-1' });
    expect(longUser.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    const emptyUser = await graphql(wishlist.url, GET, { userId: '' });
    expect(emptyUser.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });
    expect(await stored(userId)).toBe(0);
    expect(await mongo.db().collection('wishlists').countDocuments({ userId: 'u'.repeat(65) })).toBe(0);
  });

  it('resolves entity references in the order asked, with null for unknown ids', async () => {
    const [alice, bob] = [unique('alice'), unique('bob')];
    await expectData(wishlist.url, ADD, { userId: alice, productId: 'p-a' });
    await expectData(wishlist.url, ADD, { userId: bob, productId: 'p-b1' });
    await expectData(wishlist.url, ADD, { userId: bob, productId: 'p-b2' });
    const { _entities } = await expectData(
      wishlist.url,
      `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on Wishlist { userId itemCount items { product { id } } } } }`,
      {
        representations: [
          { __typename: 'Wishlist', id: wishlistIdFor(bob) },
          { __typename: 'Wishlist', id: 'not-a-wishlist' },
          { __typename: 'Wishlist', id: wishlistIdFor(unique('never-added')) },
          { __typename: 'Wishlist', id: wishlistIdFor(alice) },
        ],
      },
    );
    expect(_entities).toEqual([
      { userId: bob, itemCount: 2, items: [{ product: { id: 'p-b1' } }, { product: { id: 'p-b2' } }] },
      null,
      null,
      { userId: alice, itemCount: 1, items: [{ product: { id: 'p-a' } }] },
    ]);
  });
});
