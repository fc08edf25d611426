import { Field, Int, ObjectType } from 'type-graphql';
import { PageInfo } from '../../../runtime/graphql/page-info';
import { Category } from './category';
import { Occasion } from './occasion';
import type { SlotSet } from '../read-model/product-index';
import { Product } from './product';
import { CacheHint, SHOP_WINDOW_MAX_AGE } from '../../../runtime/graphql/cache-hint';

// Relay cursor connection of the product listing, with the facets of the whole result (all pages).

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType()
export class ProductEdge {
  @Field(() => String, { description: 'Opaque' })
  cursor!: string;

  @Field(() => Product)
  node!: Product;
}

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'Products in a category (its subcategories included) matching the search and filter' })
export class CategoryFacet {
  @Field(() => Category)
  category!: Category;

  @Field(() => Int)
  count!: number;
}

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType()
export class OccasionFacet {
  @Field(() => Occasion)
  occasion!: Occasion;

  @Field(() => Int)
  count!: number;
}

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'How many matching products have this value (a colour or a flower type)' })
export class ValueFacet {
  @Field(() => String)
  value!: string;

  @Field(() => Int)
  count!: number;
}

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'Matching products priced from `minMinor` (inclusive) to `maxMinor` (exclusive; null: no limit)' })
export class PriceBandFacet {
  @Field(() => Int)
  minMinor!: number;

  @Field(() => Int, { nullable: true })
  maxMinor!: number | null;

  @Field(() => Int)
  count!: number;
}

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'Counts over every product the search and filter match, to refine them' })
export class ProductFacets {
  @Field(() => [CategoryFacet])
  categories!: CategoryFacet[];

  @Field(() => [OccasionFacet])
  occasions!: OccasionFacet[];

  @Field(() => [ValueFacet])
  colours!: ValueFacet[];

  @Field(() => [ValueFacet])
  flowerTypes!: ValueFacet[];

  @Field(() => [PriceBandFacet])
  priceBands!: PriceBandFacet[];
}

@CacheHint(SHOP_WINDOW_MAX_AGE)
@ObjectType({ description: 'A page of products' })
export class ProductConnection {
  @Field(() => [ProductEdge])
  edges!: ProductEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;

  @Field(() => Int, { description: 'How many products match, over all pages' })
  totalCount!: number;

  @Field(() => String, {
    nullable: true,
    description:
      'Did you mean: the search with typos corrected (one letter each, words of 4 letters or more) when it finds more than the words as typed; a word that matched nothing is already searched as corrected',
  })
  suggestion!: string | null;

  /** What the listing matched: `facets` (a field resolver, so computed only when asked for) counts over it. */
  matched!: SlotSet;
}
