import { describe, expect, it } from 'vitest';
import { relevance, searchTokens, searchWords, words } from './search-tokens';

describe('search tokens', () => {
  it('splits text into lower-case words without accents', () => {
    expect(words('Ramo de Peonías, ÁRBOL!')).toEqual(['ramo', 'de', 'peonias', 'arbol']);
  });

  it('stores every word and its prefixes from two letters, once each', () => {
    expect(searchTokens('Rosa', 'rosas')).toEqual(['ro', 'ros', 'rosa', 'rosas']);
    expect(searchTokens('a b')).toEqual([]);
  });

  it('keeps the searchable words of a search, null when none is left', () => {
    expect(searchWords('  Peonía  rosa peonia x ')).toEqual(['peonia', 'rosa']);
    expect(searchWords('x !')).toBeNull();
    expect(searchWords(null)).toBeNull();
  });

  it('ranks a match in the name above one in tags above one in the description', () => {
    const inName = relevance({ name: 'Red Roses', tags: [], description: '' }, ['roses']);
    const inTag = relevance({ name: 'Bouquet', tags: ['roses'], description: '' }, ['roses']);
    const inText = relevance({ name: 'Bouquet', tags: [], description: 'with roses' }, ['roses']);
    const prefixOnly = relevance({ name: 'Red Roses', tags: [], description: '' }, ['ros']);
    expect([inName, inTag, inText]).toEqual([5, 3, 2]);
    expect(prefixOnly).toBe(4);
  });
});
