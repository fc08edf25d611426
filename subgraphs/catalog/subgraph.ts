import { storeEnv } from '../../runtime/config';
import { consumerContext, type RunningConsumer } from '../../runtime/events/consumer';
import { consumerEnv, eventsEnv } from '../../runtime/events/events-env';
import { createEventPublisher } from '../../runtime/events/publisher';
import { byKeyLoader, groupedLoader } from '../../runtime/loaders';
import { connectMongo, type MongoStore } from '../../runtime/stores/mongo';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { CatalogContext, CatalogLoaders, CatalogStores } from './context';
import { startOrderEventsConsumer } from './events/order-events.consumer';
import { startRatingEventsConsumer } from './events/rating-events.consumer';
import { catalogPermissions } from './permissions';
import { CategoryResolver } from './resolvers/category.resolver';
import { ProductConnectionResolver } from './resolvers/product-connection.resolver';
import { ProductResolver, resolveProductReference } from './resolvers/product.resolver';
import { StockReservationResolver } from './resolvers/stock-reservation.resolver';
import { CategoryStore } from './store/category.store';
import { ProductStore } from './store/product.store';
import { StockReservations } from './store/stock-reservations';
import { StockStore } from './store/stock.store';

/** The catalog's stores on one MongoDB-wire database, indexes ensured (also used by `npm run seed`). */
export async function openCatalogStores(mongo: MongoStore): Promise<CatalogStores> {
  const products = new ProductStore(mongo.db);
  const categories = new CategoryStore(mongo.db);
  const stock = new StockStore(mongo.db, products.collection);
  await products.ensureIndexes();
  await categories.ensureIndexes();
  await stock.ensureIndexes();
  return { products, categories, stock, reservations: new StockReservations(stock, products.collection) };
}

export const catalogSubgraph = defineSubgraph({
  name: 'catalog',
  defaultPort: 3002,
  env: { MONGODB_URL: storeEnv.MONGODB_URL, RABBITMQ_URL: eventsEnv.RABBITMQ_URL, ...consumerEnv },
  schema: () =>
    buildFederatedSchema<CatalogContext>({
      resolvers: [ProductResolver, ProductConnectionResolver, CategoryResolver, StockReservationResolver],
      references: { Product: resolveProductReference },
    }),
  openStores: async (config, logger, registry) => {
    const mongo = await connectMongo(config.MONGODB_URL, 'catalog');
    try {
      const stores = await openCatalogStores(mongo);
      const consumers: RunningConsumer[] = [];
      const publisher = createEventPublisher({ url: config.RABBITMQ_URL, logger });
      const events = consumerContext(config, logger, registry);
      try {
        // Ratings come from the reviews service's events (for the RATING sort).
        consumers.push(await startRatingEventsConsumer(events, stores.products));
        // A cancelled order's stock reservation is given back.
        consumers.push(await startOrderEventsConsumer(events, stores.reservations, publisher));
      } catch (error) {
        await Promise.allSettled(consumers.map((consumer) => consumer.close()));
        await publisher.close();
        throw error;
      }
      return {
        stores,
        readiness: [mongo.readiness],
        close: async () => {
          // Stop taking events first: one being handled still needs the database.
          await Promise.all(consumers.map((consumer) => consumer.close()));
          await publisher.close();
          await mongo.close();
        },
      };
    } catch (error) {
      await mongo.close();
      throw error;
    }
  },
  loaders: (stores: CatalogStores): CatalogLoaders => ({
    productById: byKeyLoader((ids) => stores.products.findByIds(ids), (product) => product.id),
    categoryById: byKeyLoader((ids) => stores.categories.findByIds(ids), (category) => category.id),
    childrenByCategoryId: groupedLoader((ids) => stores.categories.childrenOf(ids), (category) => category.parentId ?? ''),
  }),
  permissions: catalogPermissions,
});
