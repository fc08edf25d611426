import type DataLoader from 'dataloader';
import type { SubgraphContext } from '../../runtime/subgraph/context';
import type { Cart } from './entities/cart';
import type { CartStore } from './store/cart.store';

export interface CartStores {
  carts: CartStore;
}

export interface CartLoaders {
  cartById: DataLoader<string, Cart | null>;
}

export type CartContext = SubgraphContext<CartStores, CartLoaders>;
