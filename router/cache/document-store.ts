import type { DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * What a parsed document with its locations and token list takes in memory per character of its text (measured
 * with graphql 16: about 97 bytes). Apollo's own store counts JSON length, about a quarter of the real size.
 */
const BYTES_PER_CHARACTER = 100;

/** Memory the router keeps for parsed and validated documents (the shop's own operations take well under 1 MB). */
export const DOCUMENT_STORE_BYTES = 16 * 1024 * 1024;

/**
 * Apollo's documentStore (parsed and validated documents by the hash of their text), bounded by the memory the
 * documents really take: Apollo's default is bounded by their JSON length, which let a few thousand distinct
 * documents hold well over 100 MB. Least recently used out first; a document larger than the whole store is
 * not kept.
 */
export class BoundedDocumentStore {
  private readonly documents: LRUCache<string, DocumentNode>;

  constructor(maxBytes = DOCUMENT_STORE_BYTES) {
    this.documents = new LRUCache<string, DocumentNode>({
      maxSize: maxBytes,
      maxEntrySize: maxBytes,
      sizeCalculation: (document) => Math.max(1, (document.loc?.source.body.length ?? 1_000) * BYTES_PER_CHARACTER),
    });
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    return this.documents.get(key);
  }

  async set(key: string, document: DocumentNode): Promise<void> {
    this.documents.set(key, document);
  }

  async delete(key: string): Promise<boolean> {
    return this.documents.delete(key);
  }

  /** Memory held, as counted (for tests and the benchmark). */
  get heldBytes(): number {
    return this.documents.calculatedSize;
  }
}
