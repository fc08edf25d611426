import type { ObjectId } from 'mongodb';
import { notFound } from '../../../runtime/errors';
import type { CatalogContext } from '../context';
import { tagStockChanges } from '../domain/stock-cache-tags';
import type { Product } from '../entities/product';
import type { NewProduct, ProductChanges } from '../store/product.store';

// The catalog's writes of products, across its stores and its read model; the resolvers check input and call these.

/** The product as this process holds it after its own write (the stores brought the read model up to date). */
async function productOrNotFound(id: ObjectId, { providers }: CatalogContext): Promise<Product> {
  const product = await providers.readModel.productNow(id);
  if (!product) throw notFound('Product', id.toHexString());
  return product;
}

/** A change of a product's fields: its own answers, and the listings it can enter, leave or move in. */
function tagProductChange(id: string, context: CatalogContext): void {
  context.cacheTags.changed('Product', id);
  context.cacheTags.changed('Product');
}

/** Creates a product (its category must exist). */
export async function createProduct(product: NewProduct, context: CatalogContext): Promise<Product> {
  const { providers } = context;
  if (product.categoryId) await providers.categories.requireExists(product.categoryId, 'categoryId');
  const created = await providers.products.create(product);
  tagProductChange(created.id, context);
  return created;
}

/**
 * Writes a product's fields (its new category must exist). On FerretDB an update rewrites the whole document: one
 * racing a stock change could put back an older stock copy, so the copy is confirmed against the ledger after it
 * (which may move the stock shown: tagged too).
 */
export async function updateProduct(productId: ObjectId, changes: ProductChanges, context: CatalogContext): Promise<Product> {
  const { providers } = context;
  if (changes.categoryId) await providers.categories.requireExists(changes.categoryId, 'categoryId');
  const id = productId.toHexString();
  tagProductChange(id, context);
  context.cacheTags.changed('Product', id, 'stock');
  await providers.products.update(productId, changes);
  await providers.stock.sync(productId);
  await providers.readModel.refreshProduct(productId);
  return productOrNotFound(productId, context);
}

/** Adds `delta` units through the stock ledger (exact under concurrent changes); OUT_OF_STOCK below zero. */
export async function adjustStock(productId: ObjectId, delta: number, context: CatalogContext): Promise<Product> {
  const transition = await context.providers.stock.adjust(productId, delta);
  tagStockChanges(context.cacheTags, [transition]);
  // The count this change left (a concurrent one may already have moved it on).
  return { ...(await productOrNotFound(productId, context)), stock: transition.after, inStock: transition.after > 0 };
}
