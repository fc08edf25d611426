import { consumerContext, type RunningConsumer } from '../../runtime/events/consumer';
import { createEventPublisher } from '../../runtime/events/publisher';
import { connectMongo, type MongoStore } from '../../runtime/stores/mongo';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import { SERVICE_PORTS } from '../../runtime/service-ports';
import { catalogSubgraphEnv } from './config';
import type { CatalogContext, CatalogLoaders, CatalogProviders, CatalogStoreSet } from './context';
import { startOrderEventsConsumer } from './events/order-events.consumer';
import { startRatingEventsConsumer } from './events/rating-events.consumer';
import { catalogPermissions } from './permissions';
import { startCatchUp } from './read-model/catch-up';
import { CatalogReadModel } from './read-model/catalog-read-model';
import { replicaSync } from './read-model/replica-sync';
import { CategoryResolver } from './resolvers/category.resolver';
import { OccasionFacetResolver, ProductConnectionResolver } from './resolvers/product-connection.resolver';
import { ProductTextResolver } from './resolvers/product-text.resolver';
import { ProductResolver, resolveProductReference } from './resolvers/product.resolver';
import { StockReservationResolver } from './resolvers/stock-reservation.resolver';
import { NO_WRITE_LISTENER, type CatalogWrites } from './store/catalog-writes';
import { CategoryStore } from './store/category.store';
import { ProductStore } from './store/product.store';
import { retireSearchTokens } from './store/retired-search-tokens';
import { StockReservations } from './store/stock-reservations';
import { StockStore } from './store/stock.store';

/**
 * The catalog's stores on one MongoDB-wire database, indexes ensured (also used by `npm run seed`); `writes` is
 * told of each write (the running catalog keeps its read model and the other replicas in step through it).
 */
export async function openCatalogStores(mongo: MongoStore, writes: CatalogWrites = NO_WRITE_LISTENER): Promise<CatalogStoreSet> {
  const products = new ProductStore(mongo.db, writes);
  const categories = new CategoryStore(mongo.db, writes);
  const stock = new StockStore(mongo.db, products.collection, writes);
  await products.ensureIndexes();
  await categories.ensureIndexes();
  await stock.ensureIndexes();
  await retireSearchTokens(mongo.db, products.collection, stock);
  return { products, categories, stock, reservations: new StockReservations(stock, products.collection, mongo.db) };
}

export const catalogSubgraph = defineSubgraph({
  name: 'catalog',
  defaultPort: SERVICE_PORTS.catalog,
  env: catalogSubgraphEnv,
  schema: () =>
    buildFederatedSchema<CatalogContext>({
      resolvers: [ProductResolver, ProductTextResolver, ProductConnectionResolver, OccasionFacetResolver, CategoryResolver, StockReservationResolver],
      references: { Product: resolveProductReference },
    }),
  openStores: async (config, logger, registry) => {
    const mongo = await connectMongo(config.MONGODB_URL, 'catalog');
    const consumers: RunningConsumer[] = [];
    const publisher = createEventPublisher({ url: config.RABBITMQ_URL, logger });
    try {
      const replicas = replicaSync(() => readModel, publisher, logger, config.CATALOG_CATCH_UP_INTERVAL_MS);
      const storeSet = await openCatalogStores(mongo, replicas.writes);
      // The replicas' listener reads the read model only once it is listening, below.
      const readModel: CatalogReadModel = new CatalogReadModel(storeSet.products, storeSet.categories);
      const events = consumerContext(config, logger, registry);
      // The other replicas' changes are taken from before the load: none made meanwhile is missed.
      consumers.push(await replicas.listen(events));
      const loadStartedAt = Date.now();
      await readModel.load();
      const { rss, heapUsed } = process.memoryUsage();
      logger.info(
        { products: readModel.products.size, categories: readModel.categories.size, rssMb: Math.round(rss / 1e6), heapUsedMb: Math.round(heapUsed / 1e6) },
        'catalog read model loaded',
      );
      // Ratings come from the reviews service's events (for the RATING sort).
      consumers.push(await startRatingEventsConsumer(events, storeSet, publisher));
      // A cancelled order's stock reservation is given back.
      consumers.push(await startOrderEventsConsumer(events, storeSet.reservations, publisher));
      const catchUp = startCatchUp(readModel, storeSet, { intervalMs: config.CATALOG_CATCH_UP_INTERVAL_MS, logger, since: loadStartedAt });
      const all: CatalogProviders = { ...storeSet, readModel, events: publisher };
      return {
        providers: all,
        readiness: [mongo.readiness],
        close: async () => {
          // Stop taking events first: one being handled still needs the database.
          await Promise.all(consumers.map((consumer) => consumer.close()));
          await catchUp.stop();
          await publisher.close();
          await mongo.close();
        },
      };
    } catch (error) {
      await Promise.allSettled(consumers.map((consumer) => consumer.close()));
      await publisher.close();
      await mongo.close();
      throw error;
    }
  },
  loaders: (): CatalogLoaders => ({}),
  permissions: catalogPermissions,
});
