import { PrismaClient as AuthPrisma } from '../../prisma/auth/client/client';
import { PrismaClient as OrdersPrisma } from '../../prisma/orders/client/client';
import { PrismaClient as UsersPrisma } from '../../prisma/users/client/client';
import { connectMongo } from '../../runtime/stores/mongo';
import { connectPrisma } from '../../runtime/stores/prisma';
import { AccountStore } from '../../subgraphs/auth/store/account.store';
import { openCatalogStores } from '../../subgraphs/catalog/subgraph';
import { PurchaseStore } from '../../subgraphs/reviews/store/purchase.store';
import { RatingOutbox } from '../../subgraphs/reviews/store/rating-outbox';
import { ReviewStore } from '../../subgraphs/reviews/store/review.store';
import { UserStore } from '../../subgraphs/users/store/user.store';
import { seedAccountsAndProfiles } from './seed-accounts';
import { seedCatalog, type SeedCounts } from './seed-catalog';
import { seedDelivery } from './seed-delivery';
import { seedOrdersOfCustomers } from './seed-orders';
import { refuseProduction, seedPassword } from './seed-password';
import { seedApprovedReviews } from './seed-reviews';

export interface SeedConfig {
  NODE_ENV: string;
  DATABASE_URL: string;
  MONGODB_URL: string;
  SEED_PASSWORD?: string;
  /** The shop's time zone, which decides the dates of the slots opened; default America/Santiago. */
  SHOP_TIME_ZONE?: string;
}

export interface SeedResult {
  categories: SeedCounts;
  products: SeedCounts;
  accounts: SeedCounts;
  profiles: SeedCounts;
  reviews: SeedCounts;
  orders: SeedCounts;
  deliveryZones: SeedCounts;
  deliverySlots: SeedCounts;
  /** The password the seed gives the accounts it creates, when it is the documented development default. */
  defaultPassword: string | null;
}

/**
 * The whole demo shop, in dependency order: catalog, accounts and profiles, reviews of catalog products by
 * those accounts, orders. Every step is idempotent; every connection opened here is closed before it returns.
 */
export async function runSeed(config: SeedConfig): Promise<SeedResult> {
  refuseProduction(config.NODE_ENV);
  const { password, isDefault } = seedPassword(config.SEED_PASSWORD);
  const mongo = await connectMongo(config.MONGODB_URL, 'seed');
  const opened: Array<() => Promise<void>> = [mongo.close];
  try {
    const auth = await connectPrisma(AuthPrisma, config.DATABASE_URL, 'auth');
    opened.push(auth.close);
    const users = await connectPrisma(UsersPrisma, config.DATABASE_URL, 'users');
    opened.push(users.close);
    const orders = await connectPrisma(OrdersPrisma, config.DATABASE_URL, 'orders');
    opened.push(orders.close);

    const catalog = await openCatalogStores(mongo);
    const { categories, products } = await seedCatalog(catalog);

    const people = await seedAccountsAndProfiles({ accounts: new AccountStore(auth.prisma, null), users: new UserStore(users.prisma) }, password);

    // Built as the reviews service builds them; the outbox's relay is that service's job, not the seed's.
    const ratingOutbox: RatingOutbox = new RatingOutbox(mongo.db, (ids) => reviewStore.ratingsFor(ids));
    const reviewStore: ReviewStore = new ReviewStore(mongo.db, ratingOutbox);
    const purchases = new PurchaseStore(mongo.db);
    await Promise.all([reviewStore.ensureIndexes(), purchases.ensureIndexes(), ratingOutbox.ensureIndexes()]);
    const reviews = await seedApprovedReviews({ reviews: reviewStore, products: catalog.products }, people.ids);

    const delivery = await seedDelivery(orders.prisma, config.SHOP_TIME_ZONE ?? 'America/Santiago');
    const orderCounts = await seedOrdersOfCustomers({ orders: orders.prisma, products: catalog.products, purchases }, people.ids);

    return {
      categories,
      products,
      accounts: people.accounts,
      profiles: people.profiles,
      reviews,
      orders: orderCounts,
      deliveryZones: delivery.zones,
      deliverySlots: delivery.slots,
      defaultPassword: isDefault ? password : null,
    };
  } finally {
    // Last opened, first closed; each is closed even when another fails to.
    for (const close of opened.reverse()) await close().catch(() => undefined);
  }
}
