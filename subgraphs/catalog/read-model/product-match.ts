import { TypedFastBitSet } from 'typedfastbitset';
import type { ProductListing } from '../store/product-listing';
import type { CategoryTree } from './category-tree';
import type { ProductIndex, SlotSet } from './product-index';
import { scoreSearch } from './search-match';

/** The products a listing matches, and for a search the relevance of each (read only for matched slots). */
export interface ProductMatch {
  slots: SlotSet;
  scores: Uint16Array | null;
  /** Did you mean: see search-match.ts. */
  suggestion: string | null;
}

const unionOf = (sets: Map<string, SlotSet>, values: readonly string[]): SlotSet => {
  const union = new TypedFastBitSet();
  for (const value of values) {
    const set = sets.get(value);
    if (set) union.union(set);
  }
  return union;
};

/**
 * What shoppers may see that the search and filter match: active, matching every searched word (search-match.ts), in the category's subtree, with any of the given
 * occasions, colours and flower types, within the price range (inclusive), in stock or sold out.
 */
export function matchListing(index: ProductIndex, categories: CategoryTree, listing: ProductListing): ProductMatch {
  const slots = index.active.clone();
  let scores: Uint16Array | null = null;
  let suggestion: string | null = null;
  if (listing.searchWords) ({ scores, suggestion } = scoreSearch(index, categories, listing.searchWords, slots));
  if (listing.categoryId) {
    const subtree = categories.subtreeIds(listing.categoryId.toHexString());
    slots.intersection(unionOf(index.byCategory, subtree));
  }
  if (listing.occasions) slots.intersection(unionOf(index.byOccasion, listing.occasions));
  if (listing.colours) slots.intersection(unionOf(index.byColour, listing.colours));
  if (listing.flowerTypes) slots.intersection(unionOf(index.byFlowerType, listing.flowerTypes));
  if (listing.inStock === true) slots.intersection(index.inStock);
  if (listing.inStock === false) slots.difference(index.inStock);
  if (listing.priceMin !== null || listing.priceMax !== null) slots.intersection(priceRange(index, listing.priceMin, listing.priceMax));
  return { slots, scores, suggestion };
}

/** Products priced within [min, max], read off the price order. */
function priceRange(index: ProductIndex, min: number | null, max: number | null): SlotSet {
  const order = index.byPrice;
  // Ids are 24 hex digits: "" sorts before every id and "~" after, so these positions bound the whole price.
  const from = min === null ? 0 : order.firstAtOrAfter(min, '');
  const to = max === null ? order.slots.length : order.firstAfter(max, '~');
  const range = new TypedFastBitSet();
  for (let position = from; position < to; position += 1) range.add(order.slots[position]);
  return range;
}
