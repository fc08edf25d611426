import type { Collection, Filter, ObjectId } from 'mongodb';
import type { ProductDocument } from './product.document';

/** Price bands of the facets, in minor units: under 25, 25–50, 50–75, 75–100, 100 and more. */
export const PRICE_BANDS: Array<{ minMinor: number; maxMinor: number | null }> = [
  { minMinor: 0, maxMinor: 2_500 },
  { minMinor: 2_500, maxMinor: 5_000 },
  { minMinor: 5_000, maxMinor: 7_500 },
  { minMinor: 7_500, maxMinor: 10_000 },
  { minMinor: 10_000, maxMinor: null },
];

export interface RawFacets {
  /** Products directly in each category (rolled up to ancestors by the caller, which knows the tree). */
  directCategoryCounts: Array<{ categoryId: ObjectId; count: number }>;
  occasions: Array<{ value: string; count: number }>;
  colours: Array<{ value: string; count: number }>;
  flowerTypes: Array<{ value: string; count: number }>;
  priceBands: Array<{ minMinor: number; maxMinor: number | null; count: number }>;
}

const byCount = <T extends { count: number; value: string }>(a: T, b: T) => b.count - a.count || a.value.localeCompare(b.value);

/**
 * Counts over every product `match` selects. Each count is its own `$group` with a single `$sum`
 * accumulator (FerretDB computes only the first accumulator of a `$group` correctly), and price bands
 * are plain counts.
 */
export async function countFacets(products: Collection<ProductDocument>, match: Filter<ProductDocument>): Promise<RawFacets> {
  const countValues = async (field: 'occasions' | 'colours' | 'flowerTypes') => {
    const groups = await products
      .aggregate<{ _id: string; count: number }>([{ $match: match }, { $unwind: `$${field}` }, { $group: { _id: `$${field}`, count: { $sum: 1 } } }])
      .toArray();
    return groups.map((group) => ({ value: group._id, count: group.count })).sort(byCount);
  };
  const [categoryGroups, occasions, colours, flowerTypes, priceBands] = await Promise.all([
    products
      .aggregate<{ _id: ObjectId | null; count: number }>([{ $match: match }, { $group: { _id: '$categoryId', count: { $sum: 1 } } }])
      .toArray(),
    countValues('occasions'),
    countValues('colours'),
    countValues('flowerTypes'),
    Promise.all(
      PRICE_BANDS.map(async (band) => ({
        ...band,
        count: await products.countDocuments({
          $and: [match, { priceMinor: band.maxMinor === null ? { $gte: band.minMinor } : { $gte: band.minMinor, $lt: band.maxMinor } }],
        }),
      })),
    ),
  ]);
  return {
    directCategoryCounts: categoryGroups.flatMap((group) => (group._id ? [{ categoryId: group._id, count: group.count }] : [])),
    occasions,
    colours,
    flowerTypes,
    priceBands,
  };
}
