import { storeEnv } from '../../runtime/config';
import { byKeyLoader } from '../../runtime/loaders';
import { connectMongo } from '../../runtime/stores/mongo';
import { buildFederatedSchema } from '../../runtime/subgraph/federated-schema';
import { defineSubgraph } from '../../runtime/subgraph/definition';
import type { CatalogContext, CatalogLoaders, CatalogStores } from './context';
import { catalogPermissions } from './permissions';
import { ProductResolver, resolveProductReference } from './resolvers/product.resolver';
import { ProductStore } from './store/product.store';

export const catalogSubgraph = defineSubgraph({
  name: 'catalog',
  defaultPort: 3002,
  env: { MONGODB_URL: storeEnv.MONGODB_URL },
  schema: () =>
    buildFederatedSchema<CatalogContext>({
      resolvers: [ProductResolver],
      references: { Product: resolveProductReference },
    }),
  openStores: async (config) => {
    const mongo = await connectMongo(config.MONGODB_URL, 'catalog');
    const products = new ProductStore(mongo.db);
    await products.ensureIndexes();
    return { stores: { products } satisfies CatalogStores, readiness: [mongo.readiness], close: mongo.close };
  },
  loaders: (stores: CatalogStores): CatalogLoaders => ({
    productById: byKeyLoader((ids) => stores.products.findByIds(ids), (product) => product.id),
  }),
  permissions: catalogPermissions,
});
