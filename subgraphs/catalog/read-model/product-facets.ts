import type { Category } from '../entities/category';
import type { Occasion } from '../entities/occasion';
import type { ProductFacets } from '../entities/product-connection';
import type { CategoryTree } from './category-tree';
import { PRICE_BANDS } from './price-bands';
import type { ProductIndex, SlotSet } from './product-index';

const byCount = <T extends { count: number; value: string }>(a: T, b: T) => b.count - a.count || a.value.localeCompare(b.value);

/**
 * How many matched products hold each value: the size of the match's intersection with the value's set (a
 * popcount over machine words, so a broad match costs no more than a narrow one). Values none hold are left out.
 */
function countValues(sets: Map<string, SlotSet>, matched: SlotSet): Array<{ value: string; count: number }> {
  const counts: Array<{ value: string; count: number }> = [];
  for (const [value, set] of sets) {
    const count = matched.intersection_size(set);
    if (count > 0) counts.push({ value, count });
  }
  return counts.sort(byCount);
}

/**
 * Counts over every matched product, as the store's counts were: its categories (each rolled up to the
 * categories above it), occasions, colours, flower types and price bands.
 */
export function countFacets(index: ProductIndex, categories: CategoryTree, matched: SlotSet): ProductFacets {
  const rolledUp = new Map<string, number>();
  for (const { value: categoryId, count } of countValues(index.byCategory, matched)) {
    const category = categories.byIdOrNull(categoryId);
    if (!category) continue;
    for (const id of [...category.ancestorIds, category.id]) rolledUp.set(id, (rolledUp.get(id) ?? 0) + count);
  }
  return {
    categories: [...rolledUp]
      .flatMap(([id, count]) => {
        const category: Category | null = categories.byIdOrNull(id);
        return category ? [{ category, count }] : [];
      })
      .sort((a, b) => b.count - a.count || a.category.name.localeCompare(b.category.name)),
    occasions: countValues(index.byOccasion, matched).map(({ value, count }) => ({ occasion: value as Occasion, count })),
    colours: countValues(index.byColour, matched),
    flowerTypes: countValues(index.byFlowerType, matched),
    priceBands: PRICE_BANDS.map((band, position) => ({ ...band, count: matched.intersection_size(index.byPriceBand[position]) })),
  };
}
