import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StartedSubgraph } from '../../runtime/subgraph/start';
import { expectData, graphql } from '../../test/support/graphql';
import { startTestSubgraph } from '../../test/support/subgraph';
import { asCustomer } from '../../test/support/tokens';
import type { WishlistProviders } from './context';
import { GuestWishlistStore } from './store/guest-wishlist.store';
import { wishlistIdFor } from './store/wishlist-id';
import { wishlistSubgraph } from './subgraph';
import { testMongoClient } from '../../test/support/mongo-client';

const GUEST_FIELDS = 'id itemCount merged expiresAt items { product { id } addedAt }';
const CREATE = `mutation { createGuestWishlist { ${GUEST_FIELDS} } }`;
const GUEST = `query($id: ID!) { guestWishlist(id: $id) { ${GUEST_FIELDS} } }`;
const ADD = `mutation($g: ID!, $p: ID!) { addToGuestWishlist(guestWishlistId: $g, productId: $p) { ${GUEST_FIELDS} } }`;
const REMOVE = `mutation($g: ID!, $p: ID!) { removeFromGuestWishlist(guestWishlistId: $g, productId: $p) { ${GUEST_FIELDS} } }`;
const MERGE = `mutation($g: ID!) { mergeGuestWishlist(guestWishlistId: $g) { userId itemCount items { product { id } addedAt } } }`;
const ADD_MINE = `mutation($p: ID!) { addToWishlist(productId: $p) { itemCount } }`;
const MINE = `{ myWishlist { itemCount items { product { id } addedAt } } }`;
const MAX_ITEMS = 4;
const DAY_MS = 24 * 60 * 60 * 1000;

type Items = { items: Array<{ product: { id: string }; addedAt: string }> };
const productIdsOf = (list: Items) => list.items.map((item) => item.product.id);

describe('guest wishlists, merged on sign-in (MongoDB wire)', () => {
  let wishlist: StartedSubgraph<WishlistProviders>;
  const mongo = testMongoClient();
  const storedItems = (wishlistId: string) => mongo.db().collection('wishlist_items').countDocuments({ wishlistId });

  beforeAll(async () => {
    wishlist = await startTestSubgraph(wishlistSubgraph, { WISHLIST_MAX_ITEMS: String(MAX_ITEMS) });
    await mongo.connect();
  });
  afterAll(async () => {
    await wishlist?.stop();
    await mongo.close();
  });

  const create = async () => (await expectData(wishlist.url, CREATE)).createGuestWishlist;
  const add = async (g: string, p: string) => (await expectData(wishlist.url, ADD, { g, p })).addToGuestWishlist;
  const guest = async (id: string) => (await expectData(wishlist.url, GUEST, { id })).guestWishlist;
  /** A guest wishlist holding these products, added in this order. */
  const guestWith = async (...productIds: string[]) => {
    const { id } = await create();
    for (const productId of productIds) await add(id, productId);
    return id as string;
  };
  /** A signed-in customer: their account id and their token's headers. */
  const customer = async () => {
    const id = randomUUID();
    return { id, headers: await asCustomer(id) };
  };
  const mine = async ({ headers }: { headers: Record<string, string> }) => (await expectData(wishlist.url, MINE, {}, headers)).myWishlist;
  const merge = ({ headers }: { headers: Record<string, string> }, g: string) => graphql(wishlist.url, MERGE, { g }, headers);
  const wished = (who: { id: string }) => storedItems(wishlistIdFor(who.id));

  it('lets a guest keep a wishlist by its token: one entry per product, whatever the concurrency, in the order added', async () => {
    const created = await create();
    expect(created).toMatchObject({ itemCount: 0, items: [], merged: false });
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(created.expiresAt).getTime() - Date.now()).toBeGreaterThan(29 * DAY_MS);

    await add(created.id, 'p-roses');
    await Promise.all(Array.from({ length: 8 }, () => add(created.id, 'p-lilies')));
    await add(created.id, 'p-roses');
    expect(productIdsOf(await guest(created.id))).toEqual(['p-roses', 'p-lilies']);
    expect(await storedItems(created.id)).toBe(2);

    const { removeFromGuestWishlist } = await expectData(wishlist.url, REMOVE, { g: created.id, p: 'p-roses' });
    expect(productIdsOf(removeFromGuestWishlist)).toEqual(['p-lilies']);
    const again = await expectData(wishlist.url, REMOVE, { g: created.id, p: 'p-roses' });
    expect(again.removeFromGuestWishlist.itemCount).toBe(1);
  });

  it('refuses a token it never gave, a product past the maximum, and answers null for an unknown guest wishlist', async () => {
    const malformed = await graphql(wishlist.url, ADD, { g: 'not-a-token', p: 'p-1' });
    expect(malformed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'guestWishlistId' });
    expect((await graphql(wishlist.url, GUEST, { id: 'nope' })).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const unknown = randomUUID();
    expect(await guest(unknown)).toBeNull();
    expect((await graphql(wishlist.url, ADD, { g: unknown, p: 'p-1' })).errors?.[0].extensions).toMatchObject({
      code: 'NOT_FOUND',
      field: 'guestWishlistId',
    });
    expect(await storedItems(unknown)).toBe(0);

    const full = await guestWith('p-1', 'p-2', 'p-3', 'p-4');
    const refused = await graphql(wishlist.url, ADD, { g: full, p: 'p-5' });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'productId', maxItems: MAX_ITEMS });
    expect((await add(full, 'p-4')).itemCount).toBe(MAX_ITEMS);
  });

  it("merges into the account's wishlist on sign-in: no duplicates, the account's entry keeps its date, the guest list closes", async () => {
    const ana = await customer();
    await expectData(wishlist.url, ADD_MINE, { p: 'p-peonies' }, ana.headers);
    const before = await mine(ana);
    const g = await guestWith('p-tulips', 'p-peonies', 'p-orchids');
    const guestAddedAt = (await guest(g)).items[0].addedAt;

    const merged = await merge(ana, g);
    expect(merged.errors).toBeUndefined();
    expect(productIdsOf(merged.data!.mergeGuestWishlist)).toEqual(['p-peonies', 'p-tulips', 'p-orchids']);
    const after = await mine(ana);
    expect(after.items[0]).toEqual(before.items[0]); // the account's own peonies, with their date
    expect(after.items[1]).toEqual({ product: { id: 'p-tulips' }, addedAt: guestAddedAt });

    expect(await guest(g)).toMatchObject({ merged: true, itemCount: 0, items: [] });
    expect(await storedItems(g)).toBe(0);
    const late = await graphql(wishlist.url, ADD, { g, p: 'p-daisies' });
    expect(late.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'GUEST_WISHLIST_MERGED', field: 'guestWishlistId' });
    expect((await graphql(wishlist.url, REMOVE, { g, p: 'p-tulips' })).errors?.[0].extensions).toMatchObject({ code: 'CONFLICT' });

    // Signing in again (a second tab, a retried request) merges nothing more.
    const again = await merge(ana, g);
    expect(again.data!.mergeGuestWishlist).toEqual(merged.data!.mergeGuestWishlist);
    expect(await wished(ana)).toBe(3);
  });

  it('merges once when the same account merges from several tabs at once', async () => {
    const bea = await customer();
    const g = await guestWith('p-a', 'p-b', 'p-c', 'p-d');
    const answers = await Promise.all(Array.from({ length: 6 }, () => merge(bea, g)));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(productIdsOf(answer.data!.mergeGuestWishlist).sort()).toEqual(['p-a', 'p-b', 'p-c', 'p-d']);
    }
    expect(await wished(bea)).toBe(4);
    expect(await storedItems(g)).toBe(0);
  });

  it('gives a guest wishlist to one account only, even when two sign in with it at once', async () => {
    const [cata, dani] = [await customer(), await customer()];
    const g = await guestWith('p-x', 'p-y');
    const [first, second] = await Promise.all([merge(cata, g), merge(dani, g)]);
    const counts = [first, second].map((answer) => answer.data!.mergeGuestWishlist.itemCount).sort();
    expect(counts).toEqual([0, 2]);
    // Later, the other account merging it still gets nothing.
    const [loser] = first.data!.mergeGuestWishlist.itemCount === 0 ? [cata] : [dani];
    expect((await merge(loser, g)).data!.mergeGuestWishlist.itemCount).toBe(0);
  });

  it('lets an add that races a merge follow it into the account: nothing a guest added is lost or left behind', async () => {
    const eva = await customer();
    const g = await guestWith('p-0');
    const adds = Array.from({ length: 3 }, (_, index) => graphql(wishlist.url, ADD, { g, p: `p-${index + 1}` }));
    const [merged, ...added] = await Promise.all([merge(eva, g), ...adds]);
    expect(merged.errors).toBeUndefined();
    const accepted = added.flatMap((answer, index) => (answer.errors ? [] : [`p-${index + 1}`]));
    for (const refused of added.filter((answer) => answer.errors)) {
      expect(refused.errors?.[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'GUEST_WISHLIST_MERGED' });
    }
    expect(productIdsOf(await mine(eva)).sort()).toEqual(['p-0', ...accepted].sort());
    expect(await storedItems(g)).toBe(0);
  });

  it("leaves out what does not fit in the account's wishlist, and merges nothing from an unknown or expired list", async () => {
    const fay = await customer();
    for (const p of ['p-1', 'p-2', 'p-3']) await expectData(wishlist.url, ADD_MINE, { p }, fay.headers);
    const g = await guestWith('p-9', 'p-8');
    expect((await merge(fay, g)).data!.mergeGuestWishlist.itemCount).toBe(MAX_ITEMS);
    expect(productIdsOf(await mine(fay))).toEqual(['p-1', 'p-2', 'p-3', 'p-9']);

    const gil = await customer();
    expect((await merge(gil, randomUUID())).data!.mergeGuestWishlist).toMatchObject({ itemCount: 0 });
    expect((await graphql(wishlist.url, MERGE, { g: 'x' }, gil.headers)).errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await graphql(wishlist.url, MERGE, { g })).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('lets a guest wishlist expire after its time to live, and the sweep delete it, its items and old merge records', async () => {
    // A database of its own: the sweep deletes every guest wishlist past the cutoff, other runs' included.
    const db = mongo.db(`guest_sweep_${randomUUID().slice(0, 8)}`);
    const ttlMs = 1_500;
    const guests = new GuestWishlistStore(db, MAX_ITEMS, ttlMs);
    const count = (collection: string, filter: Record<string, unknown>) => db.collection(collection).countDocuments(filter);
    try {
      const kept = await guests.create();
      const expiring = await guests.create();
      await guests.addItem(expiring.id, 'p-old');
      const merged = await guests.create();
      await guests.addItem(merged.id, 'p-merged');
      expect(await guests.claimMerge(merged.id, randomUUID())).toBe('claimed');
      await new Promise((resolve) => setTimeout(resolve, ttlMs + 100));
      await guests.addItem(kept.id, 'p-new'); // a change keeps a list alive

      expect(await guests.find(expiring.id)).toBeNull();
      expect(await guests.claimMerge(expiring.id, randomUUID())).toBe('missing');
      expect(await guests.find(kept.id)).toMatchObject({ itemCount: 1, merged: false });

      expect(await guests.prune(new Date(Date.now() - ttlMs), 1_000)).toBe(3); // two lists, one merge record
      expect(await count('guest_wishlists', {})).toBe(1);
      expect(await count('wishlist_items', { wishlistId: { $ne: kept.id } })).toBe(0);
      expect(await count('guest_wishlist_merges', {})).toBe(0);
      expect(await guests.find(kept.id)).toMatchObject({ itemCount: 1 });
    } finally {
      await db.dropDatabase();
    }
  });
});
