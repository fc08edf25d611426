import { TypedFastBitSet } from 'typedfastbitset';
import { Occasion } from '../entities/occasion';
import { OCCASION_LABELS } from '../entities/occasion-labels';
import { NAME_POINTS, queryTokens } from '../store/search-tokens';
import type { CategoryTree } from './category-tree';
import type { ProductIndex, SlotSet } from './product-index';
import { labelTexts, SearchIndex } from './search-index';
import { MIN_TYPO_LENGTH, type Correction } from './typo-vocabulary';

/** What a searched word found in a product's name earns on top of its points: name matches rank first. */
const NAME_BONUS = 64;

const OCCASIONS = Object.values(Occasion);
const occasionSearch = new SearchIndex();
OCCASIONS.forEach((occasion, slot) => occasionSearch.add(slot, labelTexts(OCCASION_LABELS[occasion])));

export interface SearchScores {
  /** By slot, read only for the matched ones: for each word, its points (and NAME_BONUS when in the name), added up. */
  scores: Uint16Array;
  /** The search with typos corrected, when it finds more than the words as typed (see `scoreSearch`). */
  suggestion: string | null;
}

// Reused buffers: a match is computed in one synchronous call and ranked before the next starts.
let scratchScores = new Uint16Array(1024);
let scratchPoints = new Uint8Array(1024);

/**
 * Calls `visit` with every product a searched word matches and the points it earns there: its own tokens, and the
 * products of the categories (with their subtrees) and occasions whose names hold the word (as a tag would).
 */
function visitWord(index: ProductIndex, categories: CategoryTree, word: string, visit: (slot: number, points: number) => void): void {
  for (const token of queryTokens(word)) {
    index.search.forEachPosting(token, visit);
    categories.search.forEachPosting(token, (categorySlot, points) => {
      for (const id of categories.subtreeIds(categories.atSlot(categorySlot).id)) index.byCategory.get(id)?.forEach((slot) => visit(slot, points));
    });
    occasionSearch.forEachPosting(token, (occasionSlot, points) => index.byOccasion.get(OCCASIONS[occasionSlot])?.forEach((slot) => visit(slot, points)));
  }
}

const sources = (index: ProductIndex, categories: CategoryTree) => [index.search, categories.search, occasionSearch];

/** Whether any product, category or occasion holds one of the word's tokens. */
const isFound = (index: ProductIndex, categories: CategoryTree, word: string) =>
  queryTokens(word).some((token) => sources(index, categories).some((search) => search.frequency(token) > 0));

/** The likeliest known word one edit from `word` (the most frequent, then the first alphabetically); null when none. */
function bestCorrection(index: ProductIndex, categories: CategoryTree, word: string): string | null {
  const found: Correction[] = sources(index, categories).flatMap((search) => search.corrections(word));
  found.sort((a, b) => b.frequency - a.frequency || (a.word < b.word ? -1 : a.word > b.word ? 1 : 0));
  return found[0]?.word ?? null;
}

/**
 * The products within `within` holding every word; `scores` gets each one's score when given. Each word is the
 * union of its ways to match (the best points where several do), intersected with the words before it.
 */
function matchWords(index: ProductIndex, categories: CategoryTree, words: string[], within: SlotSet, scores: Uint16Array | null): SlotSet {
  let holding = within;
  words.forEach((word, place) => {
    const found = new TypedFastBitSet();
    visitWord(index, categories, word, (slot, points) => {
      if (!holding.has(slot)) return;
      if (!found.has(slot)) {
        found.add(slot);
        scratchPoints[slot] = points;
      } else if (points > scratchPoints[slot]) scratchPoints[slot] = points;
    });
    if (scores) {
      found.forEach((slot) => {
        const gained = scratchPoints[slot] + (scratchPoints[slot] >= NAME_POINTS ? NAME_BONUS : 0);
        scores[slot] = place === 0 ? gained : scores[slot] + gained;
      });
    }
    holding = found;
  });
  return holding;
}

/**
 * Narrows `slots` to the products matching every searched word, scoring each. A word of 4 letters or more that
 * matches nothing is read as its likeliest correction (one edit away: "tulpis" → "tulips"), and the corrected
 * search is suggested. A word found only as the beginning of longer words ("whit") is corrected in the suggestion
 * alone, and only when that finds more. Costs follow the words' postings, not the catalog.
 */
export function scoreSearch(index: ProductIndex, categories: CategoryTree, words: string[], slots: SlotSet): SearchScores {
  if (scratchScores.length < index.size) {
    scratchScores = new Uint16Array(Math.max(index.size, scratchScores.length * 2));
    scratchPoints = new Uint8Array(scratchScores.length);
  }
  const used = words.map((word) => (isFound(index, categories, word) ? word : (bestCorrection(index, categories, word) ?? word)));
  const matched = matchWords(index, categories, used, slots, scratchScores);
  let suggestion = used.some((word, place) => word !== words[place]) && matched.size() > 0 ? used.join(' ') : null;
  if (!suggestion) {
    const corrected = used.map((word) => (couldBeTypo(index, categories, word) ? (bestCorrection(index, categories, word) ?? word) : word));
    if (corrected.some((word, place) => word !== used[place]) && matchWords(index, categories, corrected, slots, null).size() > matched.size()) {
      suggestion = corrected.join(' ');
    }
  }
  slots.intersection(matched);
  return { scores: scratchScores, suggestion };
}

/** Found only as the beginning of longer words: neither a whole word anywhere nor a stem's match. */
function couldBeTypo(index: ProductIndex, categories: CategoryTree, word: string): boolean {
  if (word.length < MIN_TYPO_LENGTH || sources(index, categories).some((search) => search.isWord(word))) return false;
  const [, ...stems] = queryTokens(word);
  return !stems.some((token) => sources(index, categories).some((search) => search.frequency(token) > 0));
}
