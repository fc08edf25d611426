import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Cart } from './entities/cart';
import type { CartStore } from './store/cart.store';
import type { CatalogClient, CatalogProduct } from './clients/catalog.client';

export interface CartProviders {
  carts: CartStore;
  catalog: CatalogClient;
}

export interface CartLoaders {
  cartById: DataLoader<string, Cart | null>;
  /** Products as the catalog holds them now, looked up in batches over HTTP. */
  catalogProductById: DataLoader<string, CatalogProduct | null>;
}

export type CartContext = SubgraphContext<CartProviders, CartLoaders>;
