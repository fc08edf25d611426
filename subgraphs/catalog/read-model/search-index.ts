import { Locale, type ProductText } from '../entities/locale';
import { productTerms } from '../store/search-tokens';
import { PostingList } from './posting-list';
import { Vocabulary, type Correction } from './typo-vocabulary';

/** A posting packs a slot and the points its token earns the product: `slot * 8 + points` (points 1 to 5). */
const POINTS_BITS = 3;
const POINTS_MASK = (1 << POINTS_BITS) - 1;

export type IndexedTexts = Record<Locale, ProductText>;

/**
 * An inverted index: token → the texts holding it (by slot), each with the points the token earns it (the
 * tokens and points of `productTerms`, store/search-tokens.ts); and the vocabulary of whole words, for typos.
 */
export class SearchIndex {
  private readonly postings = new Map<string, PostingList>();
  private readonly vocabulary = new Vocabulary();

  add(slot: number, texts: IndexedTexts): void {
    const terms = productTerms(texts);
    for (const [token, points] of terms.points) {
      let list = this.postings.get(token);
      if (!list) this.postings.set(token, (list = new PostingList()));
      list.push(slot * (POINTS_MASK + 1) + points);
    }
    for (const word of terms.words) this.vocabulary.add(word);
  }

  remove(slot: number, texts: IndexedTexts): void {
    const terms = productTerms(texts);
    for (const token of terms.points.keys()) {
      const list = this.postings.get(token);
      if (!list) continue;
      list.removeFirst((posting) => posting >>> POINTS_BITS === slot);
      if (list.length === 0) this.postings.delete(token);
    }
    for (const word of terms.words) this.vocabulary.remove(word);
  }

  /** Drops the lists' spare room (after a load: most lists never grow again). */
  trim(): void {
    for (const list of this.postings.values()) list.trim();
  }

  /** How many texts hold the token. */
  frequency(token: string): number {
    return this.postings.get(token)?.length ?? 0;
  }

  /** Whether some text holds the word as a whole word. */
  isWord(word: string): boolean {
    return this.vocabulary.has(word);
  }

  /** Whole words one edit from `word` (see typo-vocabulary.ts). */
  corrections(word: string): Correction[] {
    return this.vocabulary.corrections(word);
  }

  /** Calls `visit` with each text holding the token and the points it earns there. */
  forEachPosting(token: string, visit: (slot: number, points: number) => void): void {
    const list = this.postings.get(token);
    if (!list) return;
    for (let index = 0; index < list.length; index += 1) {
      const posting = list.at(index);
      visit(posting >>> POINTS_BITS, posting & POINTS_MASK);
    }
  }
}

/** A label (a category's or an occasion's name in each language) indexed as a tag would be. */
export const labelTexts = (names: Record<Locale, string>): IndexedTexts => ({
  [Locale.ES]: { name: '', description: '', tags: [names[Locale.ES]] },
  [Locale.EN]: { name: '', description: '', tags: [names[Locale.EN]] },
});
