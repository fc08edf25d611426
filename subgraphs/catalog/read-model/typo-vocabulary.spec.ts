import { describe, expect, it } from 'vitest';
import { Vocabulary, withinOneEdit } from './typo-vocabulary';

describe('typo vocabulary', () => {
  it('tells words one edit apart: a letter added, dropped, changed, or two neighbours swapped', () => {
    expect(['tulipss', 'tulip', 'tulops', 'tulpis', 'tulips'].map((word) => withinOneEdit('tulips', word))).toEqual([true, true, true, true, true]);
    expect(['tlupis', 'tulipas', 'tul', 'roses'].map((word) => withinOneEdit('tulips', word))).toEqual([false, true, false, false]);
    expect(withinOneEdit('tulips', 'tuplis')).toBe(false);
  });

  it('finds the known words one edit away, with how many texts hold each, and forgets removed ones', () => {
    const vocabulary = new Vocabulary();
    for (const word of ['tulips', 'tulips', 'tulipa', 'roses', 'rosas', 'red']) vocabulary.add(word);
    const found = (word: string) => vocabulary.corrections(word).sort((a, b) => (a.word < b.word ? -1 : 1));
    expect(found('tulpis')).toEqual([{ word: 'tulips', frequency: 2 }]);
    expect(found('tulipx')).toEqual([
      { word: 'tulipa', frequency: 1 },
      { word: 'tulips', frequency: 2 },
    ]);
    expect(found('rosss').map(({ word }) => word)).toEqual(['roses', 'rosas'].sort());
    expect(found('redd')).toEqual([{ word: 'red', frequency: 1 }]);
    expect(found('rde')).toEqual([]); // shorter than four letters: never corrected
    vocabulary.remove('tulips');
    expect(found('tulpis')).toEqual([{ word: 'tulips', frequency: 1 }]);
    vocabulary.remove('tulips');
    expect(found('tulpis')).toEqual([]);
    expect(vocabulary.has('tulips')).toBe(false);
  });
});
