import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Category } from './entities/category';
import type { Product } from './entities/product';
import type { CategoryStore } from './store/category.store';
import type { ProductStore } from './store/product.store';
import type { StockReservations } from './store/stock-reservations';
import type { StockStore } from './store/stock.store';

export interface CatalogStores {
  products: ProductStore;
  categories: CategoryStore;
  stock: StockStore;
  reservations: StockReservations;
}

export interface CatalogLoaders {
  productById: DataLoader<string, Product | null>;
  categoryById: DataLoader<string, Category | null>;
  childrenByCategoryId: DataLoader<string, Category[]>;
}

export type CatalogContext = SubgraphContext<CatalogStores, CatalogLoaders>;
