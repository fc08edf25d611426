import { seedCategories, seedProducts } from '../../scripts/seed/catalog-data';
import { expectData } from '../../test/support/graphql';
import { newShopCustomer } from '../../test/support/shop';
import { inBatches } from '../shared/batches';
import { bilingualName } from './spanish-names';

/** Units of most products: far more than a day sells, so they never run out. */
export const GENEROUS_STOCK = 10_000;
/** Units of the few low-stock products: a handful, so OUT_OF_STOCK really happens. */
export const LOW_STOCK = 5;
const REVIEWERS = 4;

export interface ShopProduct {
  id: string;
  slug: string;
  lowStock: boolean;
}

export interface ShopCatalog {
  categoryIds: string[];
  products: ShopProduct[];
  /** Every colour some product has (the colour filter's values). */
  colours: string[];
}

/** Every 17th product (8 of the 136) is a low-stock one; the rest have plenty. */
export const isLowStock = (index: number) => index % 17 === 3;

/**
 * The shop's own demo catalog (scripts/seed: 16 categories, 136 products), made through the router with staff's
 * mutations: names in English and Spanish, generous stock except a few low-stock products, and approved reviews on
 * every third product by four customers (the product page shows them).
 */
export async function seedShopCatalog(routerUrl: string, staff: Record<string, string>): Promise<ShopCatalog> {
  const categoryIds = new Map<string, string>();
  for (const category of seedCategories) {
    const input = { name: category.name, slug: category.slug, parentId: category.parentSlug ? categoryIds.get(category.parentSlug) : null };
    const { createCategory } = await expectData(routerUrl, 'mutation($input: CreateCategoryInput!) { createCategory(input: $input) { id } }', { input }, staff);
    categoryIds.set(category.slug, createCategory.id);
  }
  const seeded = seedProducts();
  const products = await inBatches(seeded, 8, async ({ categorySlug, ...fields }, index): Promise<ShopProduct> => {
    const input = {
      ...fields,
      name: bilingualName(fields.name, fields.flowerTypes, fields.colours),
      categoryId: categoryIds.get(categorySlug),
      stock: isLowStock(index) ? LOW_STOCK : GENEROUS_STOCK,
    };
    const { createProduct } = await expectData(routerUrl, 'mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }', { input }, staff);
    return { id: createProduct.id, slug: fields.slug, lowStock: isLowStock(index) };
  });

  const reviewers = await Promise.all(Array.from({ length: REVIEWERS }, () => newShopCustomer(routerUrl)));
  const reviewed = products.filter((_, index) => index % 3 === 0);
  await inBatches(reviewed, 8, async (product, index) => {
    const input = {
      productId: product.id,
      rating: 3 + (index % 3),
      title: 'Preciosas / Lovely',
      body: 'Llegaron frescas y a tiempo. Fresh, on time, as pictured.',
    };
    const { submitReview } = await expectData(
      routerUrl,
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      { input },
      reviewers[index % REVIEWERS].headers,
    );
    await expectData(routerUrl, 'mutation($id: ID!) { approveReview(id: $id) { id } }', { id: submitReview.id }, staff);
  });
  return { categoryIds: [...categoryIds.values()], products, colours: [...new Set(seeded.flatMap((product) => product.colours))] };
}
