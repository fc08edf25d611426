import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PrismaClient as AuthPrisma } from '../../prisma/auth/client/client';
import { PrismaClient as OrdersPrisma } from '../../prisma/orders/client/client';
import { PrismaClient as UsersPrisma } from '../../prisma/users/client/client';
import { connectMongo, type MongoStore } from '../../runtime/stores/mongo';
import { connectPrisma, type PrismaStore } from '../../runtime/stores/prisma';
import { passwordMatches } from '../../subgraphs/auth/security/passwords';
import { openCatalogStores } from '../../subgraphs/catalog/subgraph';
import type { CatalogStoreSet } from '../../subgraphs/catalog/context';
import { productTexts } from '../../subgraphs/catalog/entities/locale';
import type { ProductDocument } from '../../subgraphs/catalog/store/product.document';
import { productTerms } from '../../subgraphs/catalog/store/search-tokens';
import { purchaseId } from '../../subgraphs/reviews/store/purchase.store';
import { testEnv } from '../../test/support/test-env';
import { seedCategories, seedProducts } from './catalog-data';
import { SEED_REVIEW_COUNT, seedAccounts, seedOrders, seedReviews } from './people-data';
import { runSeed, type SeedConfig } from './run-seed';
import { seedCatalog } from './seed-catalog';
import { seedOrderId, seedUuid } from './seed-orders';
import { DEV_SEED_PASSWORD } from './seed-password';

describe('npm run seed: the demo catalog (against the test database)', () => {
  let mongo: MongoStore;
  let providers: CatalogStoreSet;
  beforeAll(async () => {
    mongo = await connectMongo(testEnv.MONGODB_URL, 'seed-spec');
    providers = await openCatalogStores(mongo);
  });
  afterAll(() => mongo?.close());

  const products = seedProducts();
  const slugs = products.map((product) => product.slug);
  const stored = () =>
    mongo.db
      .collection<ProductDocument>('products')
      .find({ slug: { $in: slugs } })
      .sort({ slug: 1 })
      .toArray();

  it('generates at least 120 distinct products over every occasion and the whole category tree, the same each time', () => {
    expect(products.length).toBeGreaterThanOrEqual(120);
    expect(new Set(slugs).size).toBe(products.length);
    expect(seedProducts()).toEqual(products);
    const leafCategories = new Set(products.map((product) => product.categorySlug));
    expect(seedCategories.filter((category) => category.parentSlug !== null).every((category) => leafCategories.has(category.slug))).toBe(true);
    expect(new Set(products.flatMap((product) => product.occasions)).size).toBe(13);
    expect(products.every((product) => Number.isSafeInteger(product.priceMinor) && product.priceMinor > 0 && product.currency === 'EUR')).toBe(true);
    expect(products.some((product) => product.stock === 0)).toBe(true);
  });

  it('adds everything once and changes nothing when run again', async () => {
    const first = await seedCatalog(providers);
    expect(first.products.created + first.products.existing).toBe(products.length);
    expect(first.categories.created + first.categories.existing).toBe(seedCategories.length);
    const before = await stored();
    expect(before).toHaveLength(products.length);

    const second = await seedCatalog(providers);
    expect(second).toEqual({ categories: { created: 0, existing: seedCategories.length }, products: { created: 0, existing: products.length } });
    expect(await stored()).toEqual(before);
    expect(await mongo.db.collection('categories').countDocuments({ slug: { $in: seedCategories.map((category) => category.slug) } })).toBe(
      seedCategories.length,
    );
  });

  it('puts products where shoppers find them: in their category subtree, by search', async () => {
    await seedCatalog(providers);
    const bouquets = await providers.categories.findBySlug('bouquets');
    const roseBouquets = await providers.categories.findBySlug('rose-bouquets');
    expect(roseBouquets?.parentId).toBe(bouquets?.id);
    const [classicRed] = await providers.products.findByIds([(await providers.products.findBySlug('classic-red-rose-bouquet'))!.id]);
    expect(classicRed).toMatchObject({ categoryId: roseBouquets!.id, colours: ['red'], flowerTypes: ['rose'], price: { currency: 'EUR', amountMinor: 4500 } });
    const found = (document: ProductDocument, word: string) => productTerms(productTexts(document, document.translations)).points.has(word);
    const wreaths = (await stored()).filter((document) => found(document, 'wreath') && found(document, 'white'));
    expect(wreaths.length).toBeGreaterThanOrEqual(3);
  });
});

describe('npm run seed: accounts, profiles, approved reviews and orders (against the test providers)', () => {
  const config: SeedConfig = { NODE_ENV: 'test', DATABASE_URL: testEnv.DATABASE_URL, MONGODB_URL: testEnv.MONGODB_URL };
  const emails = seedAccounts.map((account) => account.email);
  const orderIds = seedOrders().map(seedOrderId);
  const deliveredEventIds = seedOrders()
    .filter((order) => order.status === 'DELIVERED')
    .map((order) => seedUuid(`${order.key} delivered`));
  let mongo: MongoStore;
  let auth: PrismaStore<AuthPrisma>;
  let users: PrismaStore<UsersPrisma>;
  let orders: PrismaStore<OrdersPrisma>;
  beforeAll(async () => {
    mongo = await connectMongo(testEnv.MONGODB_URL, 'seed-spec');
    auth = await connectPrisma(AuthPrisma, testEnv.DATABASE_URL, 'auth');
    users = await connectPrisma(UsersPrisma, testEnv.DATABASE_URL, 'users');
    orders = await connectPrisma(OrdersPrisma, testEnv.DATABASE_URL, 'orders');
  });
  afterAll(async () => {
    await Promise.all([mongo?.close(), auth?.close(), users?.close(), orders?.close()]);
  });

  /** Removes what an earlier run of the seed left in the test stores, so the first run below starts from nothing. */
  async function removeSeededPeople(): Promise<void> {
    const accountIds = (await auth.prisma.account.findMany({ where: { email: { in: emails } }, select: { id: true } })).map((row) => row.id);
    await mongo.db.collection('reviews').deleteMany({ authorId: { $in: accountIds } });
    await mongo.db.collection('purchases').deleteMany({ accountId: { $in: accountIds } });
    await mongo.db.collection<{ _id: string }>('processed_events').deleteMany({ _id: { $in: deliveredEventIds } });
    // The order event log is append-only; erasing whole orders is the declared purge (see the orders migration).
    await orders.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SET LOCAL flores.purge_order_events = 'on'`);
      await tx.order.deleteMany({ where: { id: { in: orderIds } } });
    });
    await users.prisma.user.deleteMany({ where: { id: { in: accountIds } } });
    await auth.prisma.account.deleteMany({ where: { id: { in: accountIds } } });
  }

  /** Everything the seed wrote about its people, as stored. */
  async function snapshot() {
    const accounts = await auth.prisma.account.findMany({ where: { email: { in: emails } }, orderBy: { email: 'asc' } });
    const ids = accounts.map((account) => account.id);
    const reviews = await mongo.db
      .collection('reviews')
      .find({ authorId: { $in: ids } })
      .sort({ _id: 1 })
      .toArray();
    const reviewedProductIds = [...new Set(reviews.map((review) => review.productId as string))];
    return {
      accounts,
      profiles: await users.prisma.user.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' } }),
      reviews,
      purchases: await mongo.db
        .collection<{ _id: string }>('purchases')
        .find({ accountId: { $in: ids } })
        .sort({ _id: 1 })
        .toArray(),
      orders: await orders.prisma.order.findMany({
        where: { id: { in: orderIds } },
        include: { lines: { orderBy: { productName: 'asc' } } },
        orderBy: { id: 'asc' },
      }),
      // Only the seed's own: other test files may write to these stores at the same time.
      authEvents: await auth.prisma.outboxEvent.count({ where: { OR: ids.map((id) => ({ payload: { path: ['accountId'], equals: id } })) } }),
      ratingMarkers: await mongo.db.collection('rating_outbox').countDocuments({ productId: { $in: reviewedProductIds } }),
    };
  }

  it('describes 8 accounts (one ADMIN, one STAFF), 40 reviews of distinct author and product pairs, and orders of seeded products', () => {
    expect(new Set(emails).size).toBe(8);
    expect(seedAccounts.filter((account) => account.extraRole === 'ADMIN').map((account) => account.email)).toEqual(['admin@flores-victoria.test']);
    expect(seedAccounts.filter((account) => account.extraRole === 'STAFF')).toHaveLength(1);
    const reviews = seedReviews();
    expect(reviews).toHaveLength(SEED_REVIEW_COUNT);
    expect(new Set(reviews.map((review) => `${review.authorEmail} ${review.productSlug}`)).size).toBe(SEED_REVIEW_COUNT);
    expect(new Set(reviews.map((review) => review.rating))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect(seedReviews()).toEqual(reviews);
    expect(new Set(seedOrders().map((order) => order.status)).size).toBeGreaterThanOrEqual(4);
    expect(new Set(orderIds).size).toBe(orderIds.length);
  });

  it('refuses NODE_ENV=production and a SEED_PASSWORD the password policy rejects, writing nothing', async () => {
    await removeSeededPeople();
    await expect(runSeed({ ...config, NODE_ENV: 'production' })).rejects.toThrow(/NODE_ENV=production/);
    await expect(runSeed({ ...config, SEED_PASSWORD: 'short' })).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'SEED_PASSWORD' } });
    expect(await auth.prisma.account.count({ where: { email: { in: emails } } })).toBe(0);
  });

  it('adds everything once, and a second run changes nothing', async () => {
    await removeSeededPeople();
    const first = await runSeed(config);
    expect(first).toMatchObject({
      accounts: { created: 8, existing: 0 },
      profiles: { created: 8, existing: 0 },
      reviews: { created: SEED_REVIEW_COUNT, existing: 0 },
      orders: { created: orderIds.length, existing: 0 },
      defaultPassword: DEV_SEED_PASSWORD,
    });
    const before = await snapshot();

    // Accounts: registered with an argon2id hash of the seed password, roles as described.
    expect(before.accounts).toHaveLength(8);
    const admin = before.accounts.find((account) => account.email === 'admin@flores-victoria.test')!;
    expect(admin.roles).toContain('ADMIN');
    expect(before.accounts.find((account) => account.email === 'staff@flores-victoria.test')!.roles).toContain('STAFF');
    expect(before.accounts.filter((account) => account.roles.join() === 'CUSTOMER')).toHaveLength(6);
    expect(admin.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await passwordMatches(admin.passwordHash, DEV_SEED_PASSWORD)).toBe(true);
    expect(await auth.prisma.outboxEvent.count({ where: { type: 'auth.account.registered', payload: { path: ['accountId'], equals: admin.id } } })).toBe(1);

    // Profiles: one per account, with the seeded display name, without any event consumed.
    expect(before.profiles.map((profile) => profile.email).sort()).toEqual([...emails].sort());
    expect(before.profiles.find((profile) => profile.id === admin.id)?.displayName).toBe('Valentina Rojas');

    // Reviews: all approved, one per author and product, of seeded products.
    expect(before.reviews).toHaveLength(SEED_REVIEW_COUNT);
    expect(before.reviews.every((review) => review.status === 'APPROVED')).toBe(true);
    expect(new Set(before.reviews.map((review) => `${review.authorId} ${review.productId}`)).size).toBe(SEED_REVIEW_COUNT);
    const productIds = new Set(
      (
        await mongo.db
          .collection('products')
          .find({}, { projection: { _id: 1 } })
          .toArray()
      ).map((product) => product._id.toHexString()),
    );
    expect(before.reviews.every((review) => productIds.has(review.productId as string))).toBe(true);
    expect(before.reviews.map((review) => review.rating).sort()).toEqual(
      seedReviews()
        .map((review) => review.rating)
        .sort(),
    );

    // Orders: in their statuses, lines of seeded products at their seeded names and prices; delivered ones are purchases.
    expect(before.orders.map((order) => order.status).sort()).toEqual(
      seedOrders()
        .map((order) => order.status)
        .sort(),
    );
    for (const order of before.orders) {
      expect(order.lines.every((line) => productIds.has(line.productId))).toBe(true);
      expect(order.subtotalCents).toBe(order.lines.reduce((sum, line) => sum + line.unitPriceCents * line.quantity, 0));
    }
    const classic = seedOrders()[0];
    const stored = before.orders.find((order) => order.id === seedOrderId(classic))!;
    expect(stored.lines.map((line) => [line.productName, line.unitPriceCents, line.quantity]).sort()).toEqual(
      classic.lines.map((line) => [line.productName, line.unitPriceMinor, line.quantity]).sort(),
    );
    const delivered = before.orders.filter((order) => order.status === 'DELIVERED');
    const purchaseIds = new Set(before.purchases.map((purchase) => purchase._id));
    expect(
      delivered
        .flatMap((order) => order.lines.map((line) => purchaseId({ accountId: order.userId, productId: line.productId })))
        .every((id) => purchaseIds.has(id)),
    ).toBe(true);

    const second = await runSeed(config);
    expect(second).toMatchObject({
      accounts: { created: 0, existing: 8 },
      profiles: { created: 0, existing: 8 },
      reviews: { created: 0, existing: SEED_REVIEW_COUNT },
      orders: { created: 0, existing: orderIds.length },
      products: { created: 0 },
      categories: { created: 0 },
    });
    // A reviews relay of another run sharing these stores may publish (and remove) the markers meanwhile: the second
    // seed must add none, whether or not some went.
    const { ratingMarkers, ...after } = await snapshot();
    const { ratingMarkers: markersBefore, ...rest } = before;
    expect(after).toEqual(rest);
    expect(ratingMarkers).toBeLessThanOrEqual(markersBefore);
  });
});
