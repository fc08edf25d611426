import 'reflect-metadata';
import { z } from 'zod';
import { loadConfig, runtimeEnv, storeEnv } from '../runtime/config';
import { ordersSubgraphEnv } from '../subgraphs/orders/config';
import { seedAccounts } from './seed/people-data';
import { runSeed } from './seed/run-seed';
import type { SeedCounts } from './seed/seed-catalog';

// `npm run seed`: a living demo shop for development. The catalog (categories and products) and the
// reviews into MONGODB_URL; accounts, profiles and orders into DATABASE_URL (schemas auth, users, orders).
// Safe to run again: what exists already is left alone. Refuses to run with NODE_ENV=production.
const seedEnv = {
  NODE_ENV: runtimeEnv.NODE_ENV,
  DATABASE_URL: storeEnv.DATABASE_URL,
  MONGODB_URL: storeEnv.MONGODB_URL,
  /** The password of the seeded accounts; default: DEV_SEED_PASSWORD (scripts/seed/seed-password.ts). */
  SEED_PASSWORD: z.string().optional(),
  SHOP_TIME_ZONE: ordersSubgraphEnv.SHOP_TIME_ZONE,
};

const line = (what: string, counts: SeedCounts) => `${what}: ${counts.created} added (${counts.existing} already there)`;

async function main(): Promise<void> {
  const result = await runSeed(loadConfig(seedEnv));
  console.log(
    [
      line('categories', result.categories),
      line('products', result.products),
      line('accounts', result.accounts),
      line('profiles', result.profiles),
      line('approved reviews', result.reviews),
      line('orders', result.orders),
      line('delivery zones', result.deliveryZones),
      line('delivery slots', result.deliverySlots),
    ].join('\n'),
  );
  console.log(`accounts: ${seedAccounts.map((account) => `${account.email} (${account.extraRole ?? 'CUSTOMER'})`).join(', ')}`);
  if (result.defaultPassword) {
    console.log(`password of the accounts it creates: ${result.defaultPassword} (development only; set SEED_PASSWORD to choose another)`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
