import type { Category } from '../entities/category';
import { inLocale, LOCALES, type Locale } from '../entities/locale';
import { toCategory } from '../store/category.store';
import type { CategoryDocument } from '../store/product.document';
import { labelTexts, SearchIndex } from './search-index';

const TOP = '';
// The store's order of children: name, then id (plain code-unit order; MongoDB compares strings by bytes).
const byNameThenId = (a: Category, b: Category) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The category tree in memory. Categories are only ever added (never renamed, moved or removed), so a category
 * once held never changes; children lists are kept in the store's order.
 */
export class CategoryTree {
  private readonly byId = new Map<string, Category>();
  private readonly bySlug = new Map<string, Category>();
  private readonly children = new Map<string, Category[]>();
  /** Categories in the order added: their slots in `search`, an index of their names in every language. */
  private readonly bySlot: Category[] = [];
  readonly search = new SearchIndex();

  get size(): number {
    return this.byId.size;
  }

  add(document: CategoryDocument): void {
    const category = toCategory(document);
    if (this.byId.has(category.id)) return;
    this.byId.set(category.id, category);
    this.bySlug.set(category.slug, category);
    const siblings = this.children.get(category.parentId ?? TOP) ?? [];
    siblings.push(category);
    siblings.sort(byNameThenId);
    this.children.set(category.parentId ?? TOP, siblings);
    const names = Object.fromEntries(LOCALES.map((locale) => [locale, inLocale(category, category.translations, locale, 'name')])) as Record<Locale, string>;
    this.search.add(this.bySlot.length, labelTexts(names));
    this.bySlot.push(category);
  }

  /** The category at a slot of `search`. */
  atSlot(slot: number): Category {
    return this.bySlot[slot];
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  byIdOrNull(id: string): Category | null {
    return this.byId.get(id) ?? null;
  }

  bySlugOrNull(slug: string): Category | null {
    return this.bySlug.get(slug) ?? null;
  }

  /** The children of a category (null: the top level), by name. */
  childrenOf(parentId: string | null): Category[] {
    return this.children.get(parentId ?? TOP) ?? [];
  }

  /** The category and every category below it; empty when it is unknown. */
  subtreeIds(id: string): string[] {
    if (!this.byId.has(id)) return [];
    const ids = [id];
    for (let index = 0; index < ids.length; index += 1) for (const child of this.childrenOf(ids[index])) ids.push(child.id);
    return ids;
  }

  /** From the top-level category down to this one. */
  pathOf(category: Category): Category[] {
    return [...category.ancestorIds.flatMap((id) => this.byId.get(id) ?? []), category];
  }
}
