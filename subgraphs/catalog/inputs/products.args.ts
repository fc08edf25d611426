import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { check } from '../../../runtime/validation';
import { Occasion } from '../entities/occasion';
import { ProductSort } from '../entities/product-sort';
import { decodeProductCursor } from '../store/product-cursor';
import type { ProductListing } from '../store/product-listing';
import { searchWords } from '../store/search-tokens';
import { checkObjectId, label } from './product-fields';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_SEARCH = 200;
const MAX_VALUES = 20;

@InputType({ description: 'Every given condition must hold; within a list, any value matches' })
export class ProductFilter {
  @Field(() => ID, { nullable: true, description: 'This category or any below it' })
  categoryId?: string | null;

  @Field(() => [Occasion], { nullable: true })
  occasions?: Occasion[] | null;

  @Field(() => [String], { nullable: true })
  colours?: string[] | null;

  @Field(() => [String], { nullable: true })
  flowerTypes?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Minor units, inclusive' })
  priceMin?: number | null;

  @Field(() => Int, { nullable: true, description: 'Minor units, inclusive' })
  priceMax?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only products with stock; false: only sold-out ones' })
  inStock?: boolean | null;
}

@ArgsType()
export class ProductsArgs {
  @Field(() => Int, { defaultValue: DEFAULT_PAGE_SIZE, description: `At most ${MAX_PAGE_SIZE}` })
  first!: number;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page' })
  after?: string | null;

  @Field(() => String, { nullable: true, description: 'Words or beginnings of words, accents and case ignored; all must match' })
  search?: string | null;

  @Field(() => ProductFilter, { nullable: true })
  filter?: ProductFilter | null;

  @Field(() => ProductSort, { defaultValue: ProductSort.RELEVANCE })
  sortBy!: ProductSort;
}

const listOf = <T>(values: T[] | null | undefined, field: string): T[] | null => {
  if (!values || values.length === 0) return null;
  check(values.length <= MAX_VALUES, field, `At most ${MAX_VALUES} values`);
  return values;
};

/** The listing the arguments ask for; BAD_USER_INPUT naming the argument otherwise. */
export function validateProductsArgs(args: ProductsArgs): ProductListing {
  check(Number.isInteger(args.first) && args.first >= 0, 'first', 'first must be 0 or more');
  check(args.search == null || args.search.length <= MAX_SEARCH, 'search', `Search must be at most ${MAX_SEARCH} characters`);
  const filter = args.filter ?? {};
  const { priceMin, priceMax } = filter;
  check(priceMin == null || priceMin >= 0, 'filter.priceMin', 'priceMin cannot be negative');
  check(priceMax == null || priceMax >= 0, 'filter.priceMax', 'priceMax cannot be negative');
  check(priceMin == null || priceMax == null || priceMin <= priceMax, 'filter.priceMax', 'priceMax must be at least priceMin');
  const words = searchWords(args.search);
  // Relevance means nothing without a search: newest first then (with cursors of that order).
  const sort = args.sortBy === ProductSort.RELEVANCE && !words ? ProductSort.NEWEST : args.sortBy;
  return {
    first: Math.min(args.first, MAX_PAGE_SIZE),
    after: args.after == null ? null : decodeProductCursor(args.after, sort),
    sort,
    searchWords: words,
    categoryId: filter.categoryId == null ? null : checkObjectId(filter.categoryId, 'filter.categoryId'),
    occasions: listOf(filter.occasions, 'filter.occasions'),
    colours: listOf(filter.colours, 'filter.colours')?.map(label) ?? null,
    flowerTypes: listOf(filter.flowerTypes, 'filter.flowerTypes')?.map(label) ?? null,
    priceMin: priceMin ?? null,
    priceMax: priceMax ?? null,
    inStock: filter.inStock ?? null,
  };
}
