import type { ObjectId } from 'mongodb';
import type { Category } from '../entities/category';
import type { Product } from '../entities/product';
import type { ProductFacets } from '../entities/product-connection';
import { ProductSort } from '../entities/product-sort';
import type { CategoryStore } from '../store/category.store';
import type { StockTransition } from '../store/catalog-writes';
import type { ProductDocument } from '../store/product.document';
import type { KeyedSort, ProductListing } from '../store/product-listing';
import type { ProductStore } from '../store/product.store';
import { CategoryTree } from './category-tree';
import { countFacets } from './product-facets';
import { ProductIndex, type SlotSet } from './product-index';
import { matchListing } from './product-match';
import { keyedPage, relevancePage, type ProductPage } from './product-page';

/** A page of the listing and what it matched (the facets count over it later, if asked for). */
export interface ListingResult extends ProductPage {
  matched: SlotSet;
  suggestion: string | null;
}

/**
 * The catalog's read side (CQRS): every product and category in memory, answering listings, searches, facets
 * and look-ups without a store round trip. It is loaded before the service reports ready, then kept current:
 *
 * - by this process's own writes, before they answer (the stores tell it: store/catalog-writes.ts), so a
 *   process never answers with data older than its own write (read-your-writes);
 * - by the other replicas' writes, which they announce (replica-sync.ts): the document is read again here;
 * - by a periodic catch-up of what changed in the store (catch-up.ts), for an announcement that was missed.
 *
 * Documents are applied in the order their reads started: every read takes the next number of `readSeq`
 * before it is sent, and a document read earlier than the one applied last is not applied over it (a read
 * that starts after a write has finished sees that write, so the newest started read holds the newest state).
 * Stock alone is ordered by its ledger version, which only grows.
 */
export class CatalogReadModel {
  readonly products = new ProductIndex();
  readonly categories = new CategoryTree();
  private sequence = 0;

  constructor(
    private readonly productStore: ProductStore,
    private readonly categoryStore: CategoryStore,
  ) {}

  /** The number a read takes before it is sent (see the class comment). */
  nextReadSeq(): number {
    return (this.sequence += 1);
  }

  /** Everything from the store: before the service takes requests. */
  async load(): Promise<void> {
    const seq = this.nextReadSeq();
    for (const category of await this.categoryStore.allDocuments()) this.categories.add(category);
    await this.productStore.forEachDocument((product) => this.products.apply(product, seq));
    this.products.search.trim();
  }

  /** Reads the product again from the store (after a write here or elsewhere); whether anything changed. */
  async refreshProduct(id: ObjectId): Promise<boolean> {
    const seq = this.nextReadSeq();
    const document = await this.productStore.findDocument(id);
    return document ? this.products.apply(document, seq) : false;
  }

  async refreshCategory(id: ObjectId): Promise<void> {
    const document = await this.categoryStore.findDocument(id);
    if (document) this.categories.add(document);
  }

  applyProduct(document: ProductDocument, seq: number): boolean {
    return this.products.apply(document, seq);
  }

  applyStock(transition: StockTransition): boolean {
    return this.products.applyStock(transition.productId.toHexString(), transition.version, transition.after);
  }

  /** The product, read from the store when it is not held yet (written by another replica a moment ago). */
  async productNow(id: ObjectId): Promise<Product | null> {
    const held = this.product(id.toHexString());
    if (held) return held;
    await this.refreshProduct(id);
    return this.product(id.toHexString());
  }

  product(id: string): Product | null {
    return this.products.get(id)?.product ?? null;
  }

  productBySlug(slug: string): Product | null {
    return this.products.getBySlug(slug)?.product ?? null;
  }

  /** One page of the public listing, with the count over all pages. */
  list(listing: ProductListing): ListingResult {
    const match = matchListing(this.products, this.categories, listing);
    const page =
      listing.sort === ProductSort.RELEVANCE && listing.searchWords
        ? relevancePage(this.products, match, listing.first, listing.after)
        : keyedPage(this.products, match, listing.sort as KeyedSort, listing.first, listing.after);
    return { ...page, matched: match.slots, suggestion: match.suggestion };
  }

  facets(matched: SlotSet): ProductFacets {
    return countFacets(this.products, this.categories, matched);
  }

  category(id: string): Category | null {
    return this.categories.byIdOrNull(id);
  }

  categoryBySlug(slug: string): Category | null {
    return this.categories.bySlugOrNull(slug);
  }
}
