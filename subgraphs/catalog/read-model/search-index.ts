import { words } from '../store/search-tokens';
import { PostingList } from './posting-list';

const MIN_PREFIX = 2;
/** A posting packs a slot and the points its token earns the product: `slot * 8 + points` (points 1 to 5). */
const POINTS_BITS = 3;
const POINTS_MASK = (1 << POINTS_BITS) - 1;

export interface SearchableText {
  name: string;
  description: string;
  tags: string[];
}

/**
 * The points each token earns a product, as `relevance()` (store/search-tokens.ts) scores a searched word: 4 when
 * a word of the name starts with it, else 2 for a tag's word, else 1 (the description's); one more when it is a
 * whole word of any of them. The tokens are those `searchTokens()` stores: every word and prefix from 2 letters.
 */
export function tokenPoints(text: SearchableText): Map<string, number> {
  const weights = new Map<string, number>();
  const whole = new Set<string>();
  const lists: Array<[string[], number]> = [
    [words(text.name), 4],
    [text.tags.flatMap(words), 2],
    [words(text.description), 1],
  ];
  for (const [list, weight] of lists) {
    for (const word of list) {
      whole.add(word);
      for (let end = MIN_PREFIX; end <= word.length; end += 1) {
        const token = word.slice(0, end);
        if ((weights.get(token) ?? 0) < weight) weights.set(token, weight);
      }
    }
  }
  const points = new Map<string, number>();
  for (const [token, weight] of weights) points.set(token, weight + (whole.has(token) ? 1 : 0));
  return points;
}

/** An inverted index: token → the products holding it, each with the points the token earns it. */
export class SearchIndex {
  private readonly postings = new Map<string, PostingList>();

  add(slot: number, text: SearchableText): void {
    for (const [token, points] of tokenPoints(text)) {
      let list = this.postings.get(token);
      if (!list) this.postings.set(token, (list = new PostingList()));
      list.push(slot * (POINTS_MASK + 1) + points);
    }
  }

  remove(slot: number, text: SearchableText): void {
    for (const token of tokenPoints(text).keys()) {
      const list = this.postings.get(token);
      if (!list) continue;
      list.removeFirst((posting) => posting >>> POINTS_BITS === slot);
      if (list.length === 0) this.postings.delete(token);
    }
  }

  /** Drops the lists' spare room (after a load: most lists never grow again). */
  trim(): void {
    for (const list of this.postings.values()) list.trim();
  }

  /** How many products hold the token. */
  frequency(token: string): number {
    return this.postings.get(token)?.length ?? 0;
  }

  /** Calls `visit` with each product holding the token and the points it earns there. */
  forEachPosting(token: string, visit: (slot: number, points: number) => void): void {
    const list = this.postings.get(token);
    if (!list) return;
    for (let index = 0; index < list.length; index += 1) {
      const posting = list.at(index);
      visit(posting >>> POINTS_BITS, posting & POINTS_MASK);
    }
  }
}
