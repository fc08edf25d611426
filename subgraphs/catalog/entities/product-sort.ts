import { registerEnumType } from 'type-graphql';

export enum ProductSort {
  /** Best match for `search` first (name, then tags, then description); newest first without a search. */
  RELEVANCE = 'RELEVANCE',
  PRICE_ASC = 'PRICE_ASC',
  PRICE_DESC = 'PRICE_DESC',
  NEWEST = 'NEWEST',
  NAME = 'NAME',
  /** Highest average rating first (from the reviews service's rating events); unrated last. */
  RATING = 'RATING',
}

registerEnumType(ProductSort, { name: 'ProductSort', description: 'The order of a product listing' });
