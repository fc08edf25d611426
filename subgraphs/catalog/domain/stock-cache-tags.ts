import type { CacheTags } from '../../../runtime/graphql/cache-tags';
import type { StockTransition } from '../store/catalog-writes';
import { stockLevelOf } from './stock-level';

/**
 * What a stock change changes for the router's cache: the product's exact count (`Product:<id>:stock`, shown by
 * `Product.stock` only), its level when it moves to another (`Product:<id>:stockLevel`), and when it crosses zero its `inStock` (`Product:<id>`) and which products are in stock
 * (`ProductStock`: read by the listings filtered by `inStock` only; a listing that is not keeps its products
 * whatever their stock, and shows a product's `inStock` under that product's tag). A stock change touches no other
 * field (not `updatedAt`).
 */
export function tagStockChanges(tags: CacheTags, transitions: readonly StockTransition[]): void {
  for (const { productId, before, after } of transitions) {
    const id = productId.toHexString();
    tags.changed('Product', id, 'stock');
    if (stockLevelOf(before) !== stockLevelOf(after)) tags.changed('Product', id, 'stockLevel');
    if (before > 0 !== after > 0) {
      tags.changed('Product', id);
      tags.changed('ProductStock');
    }
  }
}
