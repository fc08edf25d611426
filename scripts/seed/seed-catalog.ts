import { ObjectId } from 'mongodb';
import type { CatalogStoreSet } from '../../subgraphs/catalog/context';
import { Locale } from '../../subgraphs/catalog/entities/locale';
import { validateCreateCategory } from '../../subgraphs/catalog/inputs/create-category.input';
import { validateCreateProduct } from '../../subgraphs/catalog/inputs/create-product.input';
import { seedCategories, seedProducts } from './catalog-data';

export interface SeedCounts {
  created: number;
  existing: number;
}

/**
 * Adds the demo categories and products through the catalog's own validation and stores. Idempotent by
 * slug: whatever already exists is left as it is (stock sold or edited by staff is not reset), except that a
 * product seeded before the catalog had translations gets the seed's (categories never change once created).
 */
export async function seedCatalog(providers: CatalogStoreSet): Promise<{ categories: SeedCounts; products: SeedCounts }> {
  const categories: SeedCounts = { created: 0, existing: 0 };
  const categoryIds = new Map<string, string>();
  for (const category of seedCategories) {
    let found = await providers.categories.findBySlug(category.slug);
    if (found) {
      categories.existing += 1;
    } else {
      const parentId = category.parentSlug ? categoryIds.get(category.parentSlug) : null;
      const translations = [{ locale: Locale.ES, name: category.nameEs }];
      found = await providers.categories.create(validateCreateCategory({ name: category.name, slug: category.slug, parentId, translations }));
      categories.created += 1;
    }
    categoryIds.set(category.slug, found.id);
  }

  const products: SeedCounts = { created: 0, existing: 0 };
  for (const { categorySlug, ...fields } of seedProducts()) {
    const input = validateCreateProduct({ ...fields, categoryId: categoryIds.get(categorySlug) ?? null });
    const existing = await providers.products.findBySlug(fields.slug);
    if (existing) {
      if (Object.keys(existing.translations).length === 0) await providers.products.update(new ObjectId(existing.id), { translations: input.translations });
      products.existing += 1;
      continue;
    }
    await providers.products.create(input);
    products.created += 1;
  }
  return { categories, products };
}
