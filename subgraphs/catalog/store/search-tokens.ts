// Free-text search without $text (FerretDB has none): every product stores the lower-case, accent-free words
// of its name, description and tags and all their prefixes (from 2 letters) in an indexed array, and a search
// matches the products holding ALL the searched words with `$all`. A searched word is thus found as a word or
// as the beginning of one ("ros" finds "Rosas", "peonia" finds "Peonías").

const MIN_PREFIX = 2;
/** Longer words are cut: nobody types 30 letters of one word, and it bounds the stored array. */
const MAX_WORD = 24;
/** A search of more words is cut to these: each one narrows, and the query stays small. */
export const MAX_SEARCH_WORDS = 8;

/** "Ramo de Peonías!" -> ["ramo", "de", "peonias"]. */
export function words(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, MAX_WORD));
}

/** Every word and every prefix of it from two letters, without repeats. */
export function searchTokens(...texts: string[]): string[] {
  const tokens = new Set<string>();
  for (const word of texts.flatMap(words)) {
    if (word.length < MIN_PREFIX) continue;
    for (let end = MIN_PREFIX; end <= word.length; end += 1) tokens.add(word.slice(0, end));
  }
  return [...tokens].sort();
}

/** The words of a search that can match (one letter matches too much to mean anything); null when none. */
export function searchWords(search: string | null | undefined): string[] | null {
  if (!search) return null;
  const unique = [...new Set(words(search).filter((word) => word.length >= MIN_PREFIX))].slice(0, MAX_SEARCH_WORDS);
  return unique.length > 0 ? unique : null;
}

export interface Searchable {
  name: string;
  tags: string[];
  description: string;
}

/**
 * How well a product matches (all words match somewhere, or it would not be a result): a word in the name
 * counts 4, in a tag 2, only in the description 1; a whole word counts one more than a mere prefix of one.
 */
export function relevance(product: Searchable, searched: string[]): number {
  const name = words(product.name);
  const tags = product.tags.flatMap(words);
  const description = words(product.description);
  let score = 0;
  for (const word of searched) {
    const weight = name.some((w) => w.startsWith(word)) ? 4 : tags.some((w) => w.startsWith(word)) ? 2 : 1;
    const whole = [name, tags, description].some((list) => list.includes(word)) ? 1 : 0;
    score += weight + whole;
  }
  return score;
}
