import type { Category } from '../entities/category';
import type { Occasion } from '../entities/occasion';
import type { ProductFacets } from '../entities/product-connection';
import type { CategoryTree } from './category-tree';
import type { ProductIndex, SlotSet } from './product-index';

/** Price bands of the facets, in minor units: under 25, 25–50, 50–75, 75–100, 100 and more. */
export const PRICE_BANDS: Array<{ minMinor: number; maxMinor: number | null }> = [
  { minMinor: 0, maxMinor: 2_500 },
  { minMinor: 2_500, maxMinor: 5_000 },
  { minMinor: 5_000, maxMinor: 7_500 },
  { minMinor: 7_500, maxMinor: 10_000 },
  { minMinor: 10_000, maxMinor: null },
];

const byCount = <T extends { count: number; value: string }>(a: T, b: T) => b.count - a.count || a.value.localeCompare(b.value);

const counted = (counts: Map<string, number>) => [...counts].map(([value, count]) => ({ value, count })).sort(byCount);

function countInto(counts: Map<string, number>, values: readonly string[]): void {
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
}

/**
 * Counts over every matched product, in one pass over the match: its categories (each rolled up to the
 * categories above it), occasions, colours, flower types and price bands, ordered as the store's counts were.
 */
export function countFacets(index: ProductIndex, categories: CategoryTree, matched: SlotSet): ProductFacets {
  const direct = new Map<string, number>();
  const occasions = new Map<string, number>();
  const colours = new Map<string, number>();
  const flowerTypes = new Map<string, number>();
  const bands = PRICE_BANDS.map(() => 0);
  matched.forEach((slot) => {
    const { product, priceMinor } = index.entries[slot];
    if (product.categoryId) direct.set(product.categoryId, (direct.get(product.categoryId) ?? 0) + 1);
    countInto(occasions, product.occasions);
    countInto(colours, product.colours);
    countInto(flowerTypes, product.flowerTypes);
    const band = PRICE_BANDS.findIndex(({ minMinor, maxMinor }) => priceMinor >= minMinor && (maxMinor === null || priceMinor < maxMinor));
    if (band >= 0) bands[band] += 1;
  });
  const rolledUp = new Map<string, number>();
  for (const [categoryId, count] of direct) {
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
    occasions: counted(occasions).map(({ value, count }) => ({ occasion: value as Occasion, count })),
    colours: counted(colours),
    flowerTypes: counted(flowerTypes),
    priceBands: PRICE_BANDS.map((band, position) => ({ ...band, count: bands[position] })),
  };
}
