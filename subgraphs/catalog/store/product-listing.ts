import type { ObjectId } from 'mongodb';
import { ProductSort } from '../entities/product-sort';
import type { ProductCursor } from './product-cursor';

/** A validated request for one page of the public listing. */
export interface ProductListing {
  first: number;
  after: ProductCursor | null;
  /** Never RELEVANCE without searchWords (validation turns that into NEWEST). */
  sort: ProductSort;
  searchWords: string[] | null;
  categoryId: ObjectId | null;
  occasions: string[] | null;
  colours: string[] | null;
  flowerTypes: string[] | null;
  priceMin: number | null;
  priceMax: number | null;
  inStock: boolean | null;
}

export type KeyedSort = Exclude<ProductSort, ProductSort.RELEVANCE>;
