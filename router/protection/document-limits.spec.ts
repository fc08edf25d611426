import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { countSelections, documentLimitRefusal } from './document-limits';

const LIMITS = { maxTokens: 200, maxSelections: 20 };

describe('document limits, before validation', () => {
  it('counts fields, fragment spreads and inline fragments as written (a fragment once)', () => {
    expect(countSelections(parse('{ a { b c } ...F ... on Q { d } } fragment F on Q { e }'))).toBe(7);
    expect(countSelections(parse(`{ ${'a '.repeat(1000)} }`), 21)).toBe(21);
  });

  it('refuses more tokens than allowed with DOCUMENT_TOO_LARGE, and more selections with TOO_MANY_SELECTIONS', () => {
    expect(documentLimitRefusal(`{ ${'id '.repeat(300)} }`, LIMITS)?.extensions).toMatchObject({ code: 'DOCUMENT_TOO_LARGE', limit: 200 });
    expect(documentLimitRefusal(`{ ${'id '.repeat(30)} }`, LIMITS)?.extensions).toMatchObject({ code: 'TOO_MANY_SELECTIONS', value: 21, limit: 20 });
  });

  it('leaves documents within the limits, and other syntax errors, to the usual pipeline', () => {
    expect(documentLimitRefusal('{ products(first: 1) { edges { node { id } } } }', LIMITS)).toBeUndefined();
    expect(documentLimitRefusal('{ products(', LIMITS)).toBeUndefined();
  });
});
