import { TypedFastBitSet } from 'typedfastbitset';
import type { ProductListing } from '../store/product-listing';
import type { CategoryTree } from './category-tree';
import type { ProductIndex, SlotSet } from './product-index';

/** The products a listing matches, and for a search the relevance of each (read only for matched slots). */
export interface ProductMatch {
  slots: SlotSet;
  scores: Uint8Array | null;
}

// One score buffer, reused: a match is computed in one synchronous call and ranked before the next starts.
let scratchScores = new Uint8Array(1024);

const unionOf = (sets: Map<string, SlotSet>, values: readonly string[]): SlotSet => {
  const union = new TypedFastBitSet();
  for (const value of values) {
    const set = sets.get(value);
    if (set) union.union(set);
  }
  return union;
};

/**
 * What shoppers may see that the search and filter match, as the store's `listingMatch` selected it: active,
 * holding every searched word (as a word or the start of one), in the category's subtree, with any of the given
 * occasions, colours and flower types, within the price range (inclusive), in stock or sold out.
 */
export function matchListing(index: ProductIndex, categories: CategoryTree, listing: ProductListing): ProductMatch {
  const slots = index.active.clone();
  let scores: Uint8Array | null = null;
  if (listing.searchWords) {
    scores = scoreSearch(index, listing.searchWords, slots);
  }
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
  return { slots, scores };
}

/**
 * Narrows `slots` to the products holding every word, rarest word first, adding up each product's points
 * (the store's `relevance()`): the cost follows the rarest word's postings, not the catalog.
 */
function scoreSearch(index: ProductIndex, searchWords: string[], slots: SlotSet): Uint8Array {
  if (scratchScores.length < index.size) scratchScores = new Uint8Array(Math.max(index.size, scratchScores.length * 2));
  const scores = scratchScores;
  const byRarity = [...searchWords].sort((a, b) => index.search.frequency(a) - index.search.frequency(b));
  let holding = new TypedFastBitSet();
  index.search.forEachPosting(byRarity[0], (slot, points) => {
    if (!slots.has(slot)) return;
    holding.add(slot);
    scores[slot] = points;
  });
  for (const word of byRarity.slice(1)) {
    const next = new TypedFastBitSet();
    index.search.forEachPosting(word, (slot, points) => {
      if (!holding.has(slot)) return;
      next.add(slot);
      scores[slot] += points;
    });
    holding = next;
  }
  slots.intersection(holding);
  return scores;
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
