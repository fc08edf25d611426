import { TypedFastBitSet } from 'typedfastbitset';
import { productTexts } from '../entities/locale';
import type { Product } from '../entities/product';
import type { ProductDocument } from '../store/product.document';
import { nameKey, toProduct } from '../store/product.store';
import { PRICE_BANDS } from './price-bands';
import { SearchIndex } from './search-index';
import { SortOrder } from './sort-order';

/** What the index keeps of one product: the answer resolvers get, and the values each access path is built on. */
export interface ProductEntry {
  readonly slot: number;
  product: Product;
  /** The read sequence of the document applied last (see catalog-read-model.ts). */
  seq: number;
  /** The ledger version the stock is at: stock only moves forward. */
  stockVersion: number;
  changedAtMs: number;
  priceMinor: number;
  createdAtMs: number;
  nameKey: string;
  ratingAverage: number;
}

/** A set of products by slot. */
export type SlotSet = TypedFastBitSet;

const bandOf = (priceMinor: number) =>
  PRICE_BANDS.findIndex(({ minMinor, maxMinor }) => priceMinor >= minMinor && (maxMinor === null || priceMinor < maxMinor));
const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((value, index) => value === b[index]);
const textOf = (product: Product) => JSON.stringify([product.name, product.description, product.tags, product.translations]);
const textsOf = (product: Product) => productTexts(product, product.translations);

/** Adds or removes a slot in the set of each value. */
function reindexValues(sets: Map<string, SlotSet>, slot: number, before: readonly string[], after: readonly string[]): void {
  for (const value of before) sets.get(value)?.remove(slot);
  for (const value of after) {
    let set = sets.get(value);
    if (!set) sets.set(value, (set = new TypedFastBitSet()));
    set.add(slot);
  }
}

/**
 * Every product in memory, by dense slot, with what each listing needs precomputed: one sorted array per order,
 * a set of slots per filter value (category, occasion, colour, flower type; active; in stock), an inverted index of
 * search tokens, and maps by id and slug. Writes apply documents (`apply`) or stock changes (`applyStock`).
 */
export class ProductIndex {
  readonly entries: ProductEntry[] = [];
  private readonly byId = new Map<string, ProductEntry>();
  private readonly bySlug = new Map<string, ProductEntry>();
  readonly active: SlotSet = new TypedFastBitSet();
  readonly inStock: SlotSet = new TypedFastBitSet();
  readonly byCategory = new Map<string, SlotSet>();
  readonly byOccasion = new Map<string, SlotSet>();
  readonly byColour = new Map<string, SlotSet>();
  readonly byFlowerType = new Map<string, SlotSet>();
  /** One set per facet price band (PRICE_BANDS), in its order. */
  readonly byPriceBand: SlotSet[] = PRICE_BANDS.map(() => new TypedFastBitSet());
  readonly search = new SearchIndex();
  private readonly idOf = (slot: number) => this.entries[slot].product.id;
  readonly byPrice = new SortOrder((slot) => this.entries[slot].priceMinor, this.idOf, 1);
  readonly byNewest = new SortOrder((slot) => this.entries[slot].createdAtMs, this.idOf, -1);
  readonly byName = new SortOrder((slot) => this.entries[slot].nameKey, this.idOf, 1);
  readonly byRating = new SortOrder((slot) => this.entries[slot].ratingAverage, this.idOf, -1);
  /** Slots in ascending id order, and each slot's place in it: relevance breaks ties by id. */
  private readonly idOrder = new SortOrder(() => 0, this.idOf, 1);
  private idRanks = new Int32Array(1024);

  get size(): number {
    return this.entries.length;
  }

  get(id: string): ProductEntry | undefined {
    return this.byId.get(id);
  }

  getBySlug(slug: string): ProductEntry | undefined {
    return this.bySlug.get(slug);
  }

  /** The slot's place in ascending id order. */
  idRank(slot: number): number {
    return this.idRanks[slot];
  }

  slotAtIdRank(rank: number): number {
    return this.idOrder.slots[rank];
  }

  /** The place an id has or would have in ascending id order (for a cursor naming an id not held). */
  idRankOf(id: string): number {
    const held = this.byId.get(id);
    return held ? this.idRanks[held.slot] : this.idOrder.firstAfter(0, id) - 0.5;
  }

  /**
   * Applies a document read at `seq`. A read that started before the one applied last is older: only its stock
   * can still be newer (stock is ordered by its ledger version instead). Returns whether anything changed.
   */
  apply(document: ProductDocument, seq: number): boolean {
    const id = document._id.toHexString();
    const entry = this.byId.get(id);
    if (!entry) {
      this.add(document, seq);
      return true;
    }
    if (seq < entry.seq) return this.applyStock(id, document.stockVersion ?? 0, document.stock);
    entry.seq = seq;
    const changedAtMs = document.changedAt?.getTime() ?? 0;
    const stockIsNewer = (document.stockVersion ?? 0) > entry.stockVersion;
    const updatedAtMs = (document.updatedAt ?? document.createdAt).getTime();
    if (changedAtMs === entry.changedAtMs && !stockIsNewer && updatedAtMs === entry.product.updatedAt.getTime()) return false;
    const before = entry.product;
    const stockVersion = Math.max(document.stockVersion ?? 0, entry.stockVersion);
    const stock = stockIsNewer ? document.stock : before.stock;
    const after: Product = { ...toProduct(document), stock, inStock: stock > 0 };
    this.reindex(entry, before, after, document);
    entry.product = after;
    entry.stockVersion = stockVersion;
    entry.changedAtMs = changedAtMs;
    return true;
  }

  /** A stock change of the ledger: applied when its version is newer than the one held. */
  applyStock(id: string, version: number, stock: number): boolean {
    const entry = this.byId.get(id);
    if (!entry || version <= entry.stockVersion) return false;
    entry.stockVersion = version;
    if (entry.product.stock === stock) return false;
    if (stock > 0) this.inStock.add(entry.slot);
    else this.inStock.remove(entry.slot);
    entry.product = { ...entry.product, stock, inStock: stock > 0 };
    return true;
  }

  private add(document: ProductDocument, seq: number): void {
    const product = toProduct(document);
    const entry: ProductEntry = {
      slot: this.entries.length,
      product,
      seq,
      stockVersion: document.stockVersion ?? 0,
      changedAtMs: document.changedAt?.getTime() ?? 0,
      priceMinor: document.priceMinor,
      createdAtMs: document.createdAt.getTime(),
      nameKey: nameKey(document.name),
      ratingAverage: document.ratingAverage ?? 0,
    };
    this.entries.push(entry);
    this.byId.set(product.id, entry);
    this.bySlug.set(product.slug, entry);
    this.addToIdOrder(entry.slot);
    for (const order of [this.byPrice, this.byNewest, this.byName, this.byRating]) order.insert(entry.slot);
    this.search.add(entry.slot, textsOf(product));
    this.byPriceBand[bandOf(entry.priceMinor)]?.add(entry.slot);
    this.indexValues(entry.slot, null, product);
  }

  private reindex(entry: ProductEntry, before: Product, after: Product, document: ProductDocument): void {
    const { slot } = entry;
    if (before.slug !== after.slug) {
      if (this.bySlug.get(before.slug) === entry) this.bySlug.delete(before.slug);
      this.bySlug.set(after.slug, entry);
    }
    const move = (order: SortOrder, changed: boolean, update: () => void) => {
      if (!changed) return;
      order.remove(slot);
      update();
      order.insert(slot);
    };
    if (document.priceMinor !== entry.priceMinor) {
      this.byPriceBand[bandOf(entry.priceMinor)]?.remove(slot);
      this.byPriceBand[bandOf(document.priceMinor)]?.add(slot);
    }
    move(this.byPrice, document.priceMinor !== entry.priceMinor, () => (entry.priceMinor = document.priceMinor));
    const name = nameKey(document.name);
    move(this.byName, name !== entry.nameKey, () => (entry.nameKey = name));
    const rating = document.ratingAverage ?? 0;
    move(this.byRating, rating !== entry.ratingAverage, () => (entry.ratingAverage = rating));
    if (textOf(before) !== textOf(after)) {
      this.search.remove(slot, textsOf(before));
      this.search.add(slot, textsOf(after));
    }
    this.indexValues(slot, before, after);
  }

  /** The filter sets of a product, from what it was (null: new) to what it is. */
  private indexValues(slot: number, before: Product | null, after: Product): void {
    if (after.active) this.active.add(slot);
    else this.active.remove(slot);
    if (after.inStock) this.inStock.add(slot);
    else this.inStock.remove(slot);
    const category = (product: Product | null) => (product?.categoryId ? [product.categoryId] : []);
    if (!before || before.categoryId !== after.categoryId) reindexValues(this.byCategory, slot, category(before), category(after));
    if (!before || !sameList(before.occasions, after.occasions)) reindexValues(this.byOccasion, slot, before?.occasions ?? [], after.occasions);
    if (!before || !sameList(before.colours, after.colours)) reindexValues(this.byColour, slot, before?.colours ?? [], after.colours);
    if (!before || !sameList(before.flowerTypes, after.flowerTypes)) reindexValues(this.byFlowerType, slot, before?.flowerTypes ?? [], after.flowerTypes);
  }

  /** Ids are mostly new and largest (ObjectIds grow with time): an append; otherwise the ranks after it move up. */
  private addToIdOrder(slot: number): void {
    if (this.idRanks.length <= slot) {
      const grown = new Int32Array(this.idRanks.length * 2);
      grown.set(this.idRanks);
      this.idRanks = grown;
    }
    const order = this.idOrder.slots;
    const at = this.idOrder.firstAfter(0, this.idOf(slot));
    order.splice(at, 0, slot);
    for (let index = at; index < order.length; index += 1) this.idRanks[order[index]] = index;
  }
}
