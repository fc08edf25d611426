import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Product } from './entities/product';
import type { ProductStore } from './store/product.store';

export interface CatalogStores {
  products: ProductStore;
}

export interface CatalogLoaders {
  productById: DataLoader<string, Product | null>;
}

export type CatalogContext = SubgraphContext<CatalogStores, CatalogLoaders>;
