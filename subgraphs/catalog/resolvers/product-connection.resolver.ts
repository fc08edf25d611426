import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CatalogContext } from '../context';
import type { Category } from '../entities/category';
import { Occasion } from '../entities/occasion';
import { ProductConnection, ProductFacets } from '../entities/product-connection';
import { countFacets } from '../store/product-facets';

@Resolver(() => ProductConnection)
export class ProductConnectionResolver {
  @FieldResolver(() => ProductFacets, { description: 'Counts over all pages of this search and filter' })
  async facets(@Root() connection: ProductConnection, @Ctx() { stores, loaders }: CatalogContext): Promise<ProductFacets> {
    const raw = await countFacets(stores.products.collection, connection.match);
    // A product counts for its category and every category above it.
    const direct = await loaders.categoryById.loadMany(raw.directCategoryCounts.map(({ categoryId }) => categoryId.toHexString()));
    const counts = new Map<string, number>();
    raw.directCategoryCounts.forEach(({ count }, index) => {
      const category = direct[index];
      if (!category || category instanceof Error) return;
      for (const id of [...category.ancestorIds, category.id]) counts.set(id, (counts.get(id) ?? 0) + count);
    });
    const categories = await loaders.categoryById.loadMany([...counts.keys()]);
    return {
      categories: categories
        .filter((category): category is Category => category !== null && !(category instanceof Error))
        .map((category) => ({ category, count: counts.get(category.id)! }))
        .sort((a, b) => b.count - a.count || a.category.name.localeCompare(b.category.name)),
      occasions: raw.occasions.map(({ value, count }) => ({ occasion: value as Occasion, count })),
      colours: raw.colours,
      flowerTypes: raw.flowerTypes,
      priceBands: raw.priceBands,
    };
  }
}
