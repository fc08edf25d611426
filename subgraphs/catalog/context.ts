import type { EventPublisher } from '../../runtime/events/publisher';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { CatalogReadModel } from './read-model/catalog-read-model';
import type { CategoryStore } from './store/category.store';
import type { ProductStore } from './store/product.store';
import type { StockReservations } from './store/stock-reservations';
import type { StockStore } from './store/stock.store';

/** The catalog's stores: the truth, where writes go (also what `npm run seed` writes through). */
export interface CatalogStoreSet {
  products: ProductStore;
  categories: CategoryStore;
  stock: StockStore;
  reservations: StockReservations;
}

/** What resolvers get: the stores, and the read model that answers every read (read-model/). */
export interface CatalogProviders extends CatalogStoreSet {
  readModel: CatalogReadModel;
  /** Announcements of changes made for a caller that is not behind a router (the orders service's releases). */
  events: EventPublisher;
}

/** Reads come from memory: nothing to batch, so no per-request loaders. */
export type CatalogLoaders = Record<string, never>;

export type CatalogContext = SubgraphContext<CatalogProviders, CatalogLoaders>;
