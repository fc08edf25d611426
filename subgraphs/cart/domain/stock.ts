import { DomainError, notFound, outOfStock } from '../../../runtime/errors';
import type { CartContext } from '../context';
import { MAX_LINE_QUANTITY } from '../store/cart.store';
import type { CatalogProduct } from '../clients/catalog.client';

/** The product as the catalog holds it now, if it is sold: unknown and archived products are NOT_FOUND. */
export async function sellableProduct(productId: string, { loaders }: CartContext): Promise<CatalogProduct> {
  const product = await loaders.catalogProductById.load(productId);
  if (!product || !product.active) {
    throw notFound('Product', productId, 'productId');
  }
  return product;
}

/** The most units of a product one line may hold: the stock, and never more than the per-line maximum. */
export const lineLimit = (product: CatalogProduct) => Math.max(0, Math.min(product.stock, MAX_LINE_QUANTITY));

/** Refuses a line over its limit: OUT_OF_STOCK (with what is available) when stock is what limits it. */
export function overLimit(product: CatalogProduct, quantityInCart: number): DomainError {
  if (product.stock > MAX_LINE_QUANTITY) {
    return new DomainError('BAD_USER_INPUT', `A cart holds at most ${MAX_LINE_QUANTITY} of one product`, { field: 'quantity' });
  }
  return outOfStock({ available: product.stock, field: 'quantity', quantityInCart });
}
