import 'reflect-metadata';
import { loadConfig, storeEnv } from '../runtime/config';
import { connectMongo } from '../runtime/stores/mongo';
import { openCatalogStores } from '../subgraphs/catalog/subgraph';
import { seedCatalog } from './seed/seed-catalog';

// `npm run seed`: the demo catalog (categories and products) into MONGODB_URL (default: the development
// database). Safe to run again: what exists already is left alone.
async function main(): Promise<void> {
  const config = loadConfig({ MONGODB_URL: storeEnv.MONGODB_URL });
  const mongo = await connectMongo(config.MONGODB_URL, 'seed');
  try {
    const result = await seedCatalog(await openCatalogStores(mongo));
    console.log(
      `catalog: ${result.categories.created} categories added (${result.categories.existing} already there), ` +
        `${result.products.created} products added (${result.products.existing} already there)`,
    );
  } finally {
    await mongo.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
