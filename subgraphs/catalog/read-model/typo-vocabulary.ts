/** Searched words shorter than this are never corrected: too many short words lie one letter apart. */
export const MIN_TYPO_LENGTH = 4;

/** At most one edit apart: a letter added, dropped or changed, or two neighbours swapped ("tulpis" / "tulips"). */
export function withinOneEdit(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at += 1;
  if (a.length !== b.length) {
    const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
    return shorter.slice(at) === longer.slice(at + 1);
  }
  if (at === a.length || a.slice(at + 1) === b.slice(at + 1)) return true;
  return a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2);
}

/** The word without each of its letters in turn. */
function deletions(word: string): Set<string> {
  const result = new Set<string>();
  for (let at = 0; at < word.length; at += 1) result.add(word.slice(0, at) + word.slice(at + 1));
  return result;
}

export interface Correction {
  word: string;
  /** How many texts hold it: the likelier correction. */
  frequency: number;
}

/**
 * The whole words indexed, with how many texts hold each, and each word's one-letter deletions: the words one edit
 * from a searched word are those sharing a deletion with it (or equal to one), so a look-up costs the length of
 * the word, not the size of the vocabulary.
 */
export class Vocabulary {
  private readonly counts = new Map<string, number>();
  private readonly byDeletion = new Map<string, Set<string>>();

  add(word: string): void {
    const count = this.counts.get(word) ?? 0;
    this.counts.set(word, count + 1);
    if (count > 0 || word.length < MIN_TYPO_LENGTH - 1) return;
    for (const deleted of deletions(word)) {
      let words = this.byDeletion.get(deleted);
      if (!words) this.byDeletion.set(deleted, (words = new Set()));
      words.add(word);
    }
  }

  remove(word: string): void {
    const count = this.counts.get(word) ?? 0;
    if (count > 1) {
      this.counts.set(word, count - 1);
      return;
    }
    this.counts.delete(word);
    for (const deleted of deletions(word)) {
      const words = this.byDeletion.get(deleted);
      words?.delete(word);
      if (words?.size === 0) this.byDeletion.delete(deleted);
    }
  }

  has(word: string): boolean {
    return this.counts.has(word);
  }

  /** Known words one edit from `word` (itself excluded); none for a word shorter than MIN_TYPO_LENGTH. */
  corrections(word: string): Correction[] {
    if (word.length < MIN_TYPO_LENGTH) return [];
    const candidates = new Set(this.byDeletion.get(word));
    for (const deleted of deletions(word)) {
      if (this.counts.has(deleted)) candidates.add(deleted);
      for (const candidate of this.byDeletion.get(deleted) ?? []) candidates.add(candidate);
    }
    candidates.delete(word);
    return [...candidates]
      .filter((candidate) => withinOneEdit(word, candidate))
      .map((candidate) => ({ word: candidate, frequency: this.counts.get(candidate)! }));
  }
}
