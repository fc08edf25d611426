import { stemmer as englishStem } from '@orama/stemmers/english';
import { stemmer as spanishStem } from '@orama/stemmers/spanish';
import { Locale, LOCALES, type ProductText } from '../entities/locale';

// Free-text search, answered by the read model from memory. Every product is indexed by, per language, the
// lower-case, accent-free words of its name, description and tags, every prefix of them from 2 letters ("ros"
// finds "Rosas"), and their stems in that language, marked with it ("es:ros", "en:rose"), so a plural finds a
// singular and back. A searched word matches a product holding the word as a token, or its Spanish or English stem.

const MIN_PREFIX = 2;
/** Longer words are cut: nobody types 30 letters of one word, and it bounds the stored array. */
const MAX_WORD = 24;
/** A search of more words is cut to these: each one narrows, and the query stays small. */
export const MAX_SEARCH_WORDS = 8;

/** Points a token earns where it is found; a whole word (or a stem) one more. */
export const NAME_POINTS = 4;
export const TAG_POINTS = 2;
const DESCRIPTION_POINTS = 1;

const STEMMERS: Record<Locale, (word: string) => string> = { [Locale.ES]: spanishStem, [Locale.EN]: englishStem };

const withoutAccents = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

/** Lower-case words as written, accents kept (the stemmers read them): "Ramo de Peonías!" -> ["ramo", "de", "peonías"]. */
function writtenWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, MAX_WORD));
}

const keyOf = (written: string) => withoutAccents(written).replace(/[^a-z0-9]+/g, '');

/** "Ramo de Peonías!" -> ["ramo", "de", "peonias"]. */
export function words(text: string): string[] {
  return writtenWords(text)
    .map(keyOf)
    .filter((word) => word.length > 0);
}

/**
 * The stem token of a word in a language, or null when the stemmer cut too much of a short word to trust: Spanish
 * takes "rosadas" (pink) to "ros", the stem of "rosas". A stem is kept when it loses at most 2 letters (plurals,
 * gender) or keeps 5 or more.
 */
export function stemToken(locale: Locale, word: string): string | null {
  const stem = withoutAccents(STEMMERS[locale](word));
  const length = withoutAccents(word).length;
  return length - stem.length <= 2 || stem.length >= 5 ? `${locale.toLowerCase()}:${stem}` : null;
}

/** A text's stem tokens in its language: of the word as written and without accents (Snowball reads both differently). */
function stemTokens(locale: Locale, written: string): string[] {
  const key = keyOf(written);
  const stems = key === written ? [stemToken(locale, key)] : [stemToken(locale, written), stemToken(locale, key)];
  return stems.filter((stem): stem is string => stem !== null);
}

/** The tokens a searched (accent-free) word is looked up by: itself, and its stem in each language. */
export const queryTokens = (word: string): string[] => [word, ...LOCALES.flatMap((locale) => stemToken(locale, word) ?? [])];

export interface ProductTerms {
  /** Token → the points it earns the product (see NAME_POINTS). */
  points: Map<string, number>;
  /** The whole words (accent-free), for typo correction. */
  words: Set<string>;
}

/**
 * The tokens of a product's texts in every language and the points each earns it: the best of where it is found
 * (name 4, tag 2, description 1), plus one for a whole word or a stem (a mere prefix earns less).
 */
export function productTerms(texts: Record<Locale, ProductText>): ProductTerms {
  const points = new Map<string, number>();
  const whole = new Set<string>();
  const raise = (token: string, value: number) => {
    if ((points.get(token) ?? 0) < value) points.set(token, value);
  };
  for (const locale of LOCALES) {
    const text = texts[locale];
    const fields: Array<[string[], number]> = [
      [writtenWords(text.name), NAME_POINTS],
      [text.tags.flatMap(writtenWords), TAG_POINTS],
      [writtenWords(text.description), DESCRIPTION_POINTS],
    ];
    for (const [list, weight] of fields) {
      for (const written of list) {
        const key = keyOf(written);
        if (key.length < MIN_PREFIX) continue;
        whole.add(key);
        for (let end = MIN_PREFIX; end <= key.length; end += 1) raise(key.slice(0, end), weight);
        for (const stem of stemTokens(locale, written)) raise(stem, weight + 1);
      }
    }
  }
  for (const word of whole) points.set(word, points.get(word)! + 1);
  return { points, words: whole };
}

/** Words a shopper writes between the ones that mean something ("ramo de rosas para mamá"): not required to match. */
const STOP_WORDS = new Set([
  'de',
  'del',
  'el',
  'la',
  'los',
  'las',
  'un',
  'una',
  'y',
  'con',
  'para',
  'por',
  'en',
  'al',
  'mi',
  'su',
  'the',
  'and',
  'of',
  'for',
  'with',
  'in',
  'an',
  'to',
  'my',
  'on',
]);

/**
 * The words of a search that can match (one letter matches too much to mean anything), less the stop words
 * unless nothing else is left; null when none.
 */
export function searchWords(search: string | null | undefined): string[] | null {
  if (!search) return null;
  const unique = [...new Set(words(search).filter((word) => word.length >= MIN_PREFIX))];
  const meaningful = unique.filter((word) => !STOP_WORDS.has(word));
  const kept = (meaningful.length > 0 ? meaningful : unique).slice(0, MAX_SEARCH_WORDS);
  return kept.length > 0 ? kept : null;
}
