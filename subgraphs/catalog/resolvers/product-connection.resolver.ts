import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { CatalogContext } from '../context';
import { ProductConnection, ProductFacets } from '../entities/product-connection';

@Resolver(() => ProductConnection)
export class ProductConnectionResolver {
  @FieldResolver(() => ProductFacets, { description: 'Counts over all pages of this search and filter' })
  facets(@Root() connection: ProductConnection, @Ctx() { stores, cacheTags }: CatalogContext): ProductFacets {
    // The counts follow the matching products (`Product`, read by the listing) and name categories.
    cacheTags.read('Product');
    cacheTags.read('Category');
    return stores.readModel.facets(connection.matched);
  }
}
