import type { Filter, ObjectId, Sort } from 'mongodb';
import { ProductSort } from '../entities/product-sort';
import type { ProductCursor } from './product-cursor';
import type { ProductDocument } from './product.document';

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

/** The stored field each order sorts by, and its direction; the id breaks ties in the same direction. */
export const SORT_KEYS: Record<KeyedSort, { field: 'priceMinor' | 'createdAt' | 'nameKey' | 'ratingAverage'; direction: 1 | -1 }> = {
  [ProductSort.PRICE_ASC]: { field: 'priceMinor', direction: 1 },
  [ProductSort.PRICE_DESC]: { field: 'priceMinor', direction: -1 },
  [ProductSort.NEWEST]: { field: 'createdAt', direction: -1 },
  [ProductSort.NAME]: { field: 'nameKey', direction: 1 },
  [ProductSort.RATING]: { field: 'ratingAverage', direction: -1 },
};

/**
 * What shoppers may see that the search and filter match. `subtree` is the filtered category and every
 * category below it (null without a category filter).
 */
export function listingMatch(listing: ProductListing, subtree: ObjectId[] | null): Filter<ProductDocument> {
  const match: Filter<ProductDocument> = { active: true };
  if (listing.searchWords) match.searchTokens = { $all: listing.searchWords };
  if (subtree) match.categoryId = { $in: subtree };
  if (listing.occasions) match.occasions = { $in: listing.occasions };
  if (listing.colours) match.colours = { $in: listing.colours };
  if (listing.flowerTypes) match.flowerTypes = { $in: listing.flowerTypes };
  if (listing.priceMin !== null || listing.priceMax !== null) {
    match.priceMinor = {
      ...(listing.priceMin !== null ? { $gte: listing.priceMin } : {}),
      ...(listing.priceMax !== null ? { $lte: listing.priceMax } : {}),
    };
  }
  if (listing.inStock !== null) match.stock = listing.inStock ? { $gt: 0 } : { $lte: 0 };
  return match;
}

export function sortOf(sort: KeyedSort): Sort {
  const { field, direction } = SORT_KEYS[sort];
  return { [field]: direction, _id: direction };
}

/** Products strictly after the cursor in its order (keyset pagination). */
export function afterCursor(cursor: ProductCursor): Filter<ProductDocument> {
  const { field, direction } = SORT_KEYS[cursor.sort as KeyedSort];
  const key = field === 'createdAt' ? new Date(cursor.key as number) : cursor.key;
  const beyond = direction === 1 ? '$gt' : '$lt';
  return { $or: [{ [field]: { [beyond]: key } }, { [field]: key, _id: { [beyond]: cursor.id } }] } as Filter<ProductDocument>;
}

/** The sort key of a product, as a cursor holds it (a date as milliseconds). */
export function sortKeyOf(document: Pick<ProductDocument, 'priceMinor' | 'createdAt' | 'nameKey' | 'ratingAverage'>, sort: KeyedSort): number | string {
  const value = document[SORT_KEYS[sort].field];
  return value instanceof Date ? value.getTime() : value;
}
