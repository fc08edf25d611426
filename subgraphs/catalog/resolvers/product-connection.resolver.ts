import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Locale } from '../entities/locale';
import { OCCASION_LABELS } from '../entities/occasion-labels';
import type { CatalogContext } from '../context';
import { OccasionFacet, ProductConnection, ProductFacets } from '../entities/product-connection';

@Resolver(() => ProductConnection)
export class ProductConnectionResolver {
  @FieldResolver(() => ProductFacets, { description: 'Counts over all pages of this search and filter' })
  facets(@Root() connection: ProductConnection, @Ctx() { providers, cacheTags }: CatalogContext): ProductFacets {
    // The counts follow the matching products (`Product`, read by the listing) and name categories.
    cacheTags.read('Product');
    cacheTags.read('Category');
    return providers.readModel.facets(connection.matched);
  }
}

@Resolver(() => OccasionFacet)
export class OccasionFacetResolver {
  @FieldResolver(() => String, { description: 'What the occasion is called in the language asked for' })
  label(@Root() facet: OccasionFacet, @Arg('locale', () => Locale, { defaultValue: Locale.ES }) locale: Locale): string {
    return OCCASION_LABELS[facet.occasion][locale];
  }
}
