import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { BoundedDocumentStore } from './document-store';

describe("the router's document store", () => {
  it('keeps documents up to its memory, least recently used out first', async () => {
    const store = new BoundedDocumentStore(100 * 1_000); // 1,000 characters of documents
    const texts = Array.from({ length: 50 }, (_, n) => `{ product(id: "${String(n).padStart(4, '0')}") { id name } }`); // 40 characters each
    for (const [n, text] of texts.entries()) await store.set(`k${n}`, parse(text));
    expect(store.heldBytes).toBeLessThanOrEqual(100_000);
    expect(await store.get('k0')).toBeUndefined();
    expect(await store.get('k49')).toBeDefined();
  });

  it('keeps no document larger than the whole store', async () => {
    const store = new BoundedDocumentStore(100 * 100);
    await store.set('big', parse(`{ ${'id '.repeat(100)} }`));
    expect(await store.get('big')).toBeUndefined();
  });
});
