import type { CatalogStoreSet } from '../../subgraphs/catalog/context';
import { validateCreateCategory } from '../../subgraphs/catalog/inputs/create-category.input';
import { validateCreateProduct } from '../../subgraphs/catalog/inputs/create-product.input';
import { seedCategories, seedProducts } from './catalog-data';

export interface SeedCounts {
  created: number;
  existing: number;
}

/**
 * Adds the demo categories and products through the catalog's own validation and stores. Idempotent by
 * slug: whatever already exists is left exactly as it is (stock sold or edited by staff is not reset).
 */
export async function seedCatalog(stores: CatalogStoreSet): Promise<{ categories: SeedCounts; products: SeedCounts }> {
  const categories: SeedCounts = { created: 0, existing: 0 };
  const categoryIds = new Map<string, string>();
  for (const category of seedCategories) {
    let found = await stores.categories.findBySlug(category.slug);
    if (found) {
      categories.existing += 1;
    } else {
      const parentId = category.parentSlug ? categoryIds.get(category.parentSlug) : null;
      found = await stores.categories.create(validateCreateCategory({ name: category.name, slug: category.slug, parentId }));
      categories.created += 1;
    }
    categoryIds.set(category.slug, found.id);
  }

  const products: SeedCounts = { created: 0, existing: 0 };
  for (const { categorySlug, ...fields } of seedProducts()) {
    if (await stores.products.findBySlug(fields.slug)) {
      products.existing += 1;
      continue;
    }
    await stores.products.create(validateCreateProduct({ ...fields, categoryId: categoryIds.get(categorySlug) ?? null }));
    products.created += 1;
  }
  return { categories, products };
}
