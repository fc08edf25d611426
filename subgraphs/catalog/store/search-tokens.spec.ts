import { describe, expect, it } from 'vitest';
import type { ProductText } from '../entities/locale';
import type { Locale } from '../entities/locale';
import { productTerms, queryTokens, searchWords, words } from './search-tokens';

const text = (name: string, description = '', tags: string[] = []): ProductText => ({ name, description, tags });
const both = (base: ProductText) => ({ ES: base, EN: base });
const tokensOf = (texts: Record<Locale, ProductText>) => [...productTerms(texts).points.keys()].sort();

describe('search tokens', () => {
  it('splits text into lower-case words without accents', () => {
    expect(words('Ramo de Peonías, ÁRBOL! Cumpleaños')).toEqual(['ramo', 'de', 'peonias', 'arbol', 'cumpleanos']);
  });

  it('indexes every word and its prefixes from two letters, and its stem in each language', () => {
    expect(tokensOf(both(text('Rosas')))).toEqual(['en:rosa', 'es:ros', 'ro', 'ros', 'rosa', 'rosas']);
    expect(tokensOf(both(text('a b')))).toEqual([]);
  });

  it('stems each text in its own language, from the word as written and without accents', () => {
    const tokens = tokensOf({ ES: text('Tulipán'), EN: text('Lilies') });
    expect(tokens).toEqual(expect.arrayContaining(['es:tulipan', 'es:tulip', 'en:lili']));
    expect(tokens).not.toContain('en:tulipan');
  });

  it('looks a searched word up as itself and by its stem in each language: plural finds singular and back', () => {
    expect(queryTokens('roses')).toEqual(['roses', 'es:ros', 'en:rose']);
    const stored = tokensOf({ ES: text('Rosa roja'), EN: text('Red rose') });
    for (const word of ['rosas', 'roses', 'rojas', 'rojo']) expect(queryTokens(word).some((token) => stored.includes(token))).toBe(true);
  });

  it('keeps the searchable words of a search, without stop words unless nothing else is left', () => {
    expect(searchWords('  Peonía  rosa peonia x ')).toEqual(['peonia', 'rosa']);
    expect(searchWords('ramo de rosas para mamá')).toEqual(['ramo', 'rosas', 'mama']);
    expect(searchWords('de la')).toEqual(['de', 'la']);
    expect(searchWords('x !')).toBeNull();
    expect(searchWords(null)).toBeNull();
  });

  it('scores a token by where it is found (name 4, tag 2, description 1), one more for a whole word or stem', () => {
    const { points } = productTerms(both(text('Red Roses', 'with tulips', ['bestseller'])));
    expect([points.get('roses'), points.get('ros'), points.get('en:rose')]).toEqual([5, 4, 5]);
    expect([points.get('bestseller'), points.get('best')]).toEqual([3, 2]);
    expect([points.get('tulips'), points.get('tul')]).toEqual([2, 1]);
  });
});
