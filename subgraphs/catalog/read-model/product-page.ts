import { ObjectId } from 'mongodb';
import { invalidCursor } from '../../../runtime/graphql/cursor';
import type { Product } from '../entities/product';
import { ProductSort } from '../entities/product-sort';
import { encodeProductCursor, type ProductCursor } from '../store/product-cursor';
import type { KeyedSort } from '../store/product-listing';
import type { ProductEntry, ProductIndex } from './product-index';
import type { ProductMatch } from './product-match';
import type { SortOrder } from './sort-order';

export interface ProductPage {
  edges: Array<{ readonly cursor: string; node: Product }>;
  hasNextPage: boolean;
  totalCount: number;
}

/** An edge whose cursor (a checksummed encoding) is made only if it is asked for: most pages show none or one. */
function edgeOf(position: () => ProductCursor, node: Product): ProductPage['edges'][number] {
  let cursor: string | undefined;
  return {
    node,
    get cursor() {
      return (cursor ??= encodeProductCursor(position()));
    },
  };
}

interface Walk {
  order: SortOrder;
  /** PRICE_DESC walks the price order from its end. */
  backwards: boolean;
  keyOf: (entry: ProductEntry) => number | string;
  numeric: boolean;
}

function walkOf(index: ProductIndex, sort: KeyedSort): Walk {
  switch (sort) {
    case ProductSort.PRICE_ASC:
      return { order: index.byPrice, backwards: false, keyOf: (entry) => entry.priceMinor, numeric: true };
    case ProductSort.PRICE_DESC:
      return { order: index.byPrice, backwards: true, keyOf: (entry) => entry.priceMinor, numeric: true };
    case ProductSort.NEWEST:
      return { order: index.byNewest, backwards: false, keyOf: (entry) => entry.createdAtMs, numeric: true };
    case ProductSort.NAME:
      return { order: index.byName, backwards: false, keyOf: (entry) => entry.nameKey, numeric: false };
    case ProductSort.RATING:
      return { order: index.byRating, backwards: false, keyOf: (entry) => entry.ratingAverage, numeric: true };
  }
}

/**
 * One page in a keyed order: walks the precomputed order from the cursor's place (a binary search) and keeps
 * matched products until the page is full, so its cost follows the page and how sparse the match is.
 */
export function keyedPage(index: ProductIndex, match: ProductMatch, sort: KeyedSort, first: number, after: ProductCursor | null): ProductPage {
  const walk = walkOf(index, sort);
  const slots = walk.order.slots;
  const totalCount = match.slots.size();
  if (after && typeof after.key !== (walk.numeric ? 'number' : 'string')) throw invalidCursor();
  let position: number;
  if (!after) position = walk.backwards ? slots.length - 1 : 0;
  else if (walk.backwards) position = walk.order.firstAtOrAfter(after.key, after.id.toHexString()) - 1;
  else position = walk.order.firstAfter(after.key, after.id.toHexString());
  const step = walk.backwards ? -1 : 1;
  const edges: ProductPage['edges'] = [];
  // As the store answered it: a page of none never says there is a next one.
  if (first === 0) return { edges, hasNextPage: false, totalCount };
  let hasNextPage = false;
  for (; position >= 0 && position < slots.length; position += step) {
    const slot = slots[position];
    if (!match.slots.has(slot)) continue;
    if (edges.length === first) {
      hasNextPage = true;
      break;
    }
    const entry = index.entries[slot];
    edges.push(edgeOf(() => ({ sort, key: walk.keyOf(entry), id: new ObjectId(entry.product.id) }), entry.product));
  }
  return { edges, hasNextPage, totalCount };
}

const TIE_SPAN = 2 ** 32;

/**
 * One page by relevance: best score first, the larger id first among equals (the store's order). Every match
 * is ranked by one number, score × 2³² + its place in id order, sorted natively.
 */
export function relevancePage(index: ProductIndex, match: ProductMatch, first: number, after: ProductCursor | null): ProductPage {
  const scores = match.scores!;
  const totalCount = match.slots.size();
  const afterScore = after?.key;
  if (afterScore !== undefined && typeof afterScore !== 'number') throw invalidCursor();
  const bound = after && typeof afterScore === 'number' ? afterScore * TIE_SPAN + index.idRankOf(after.id.toHexString()) : Infinity;
  const ranks = new Float64Array(totalCount);
  let count = 0;
  match.slots.forEach((slot) => {
    const rank = scores[slot] * TIE_SPAN + index.idRank(slot);
    if (rank < bound) ranks[count++] = rank;
  });
  const ranked = ranks.subarray(0, count).sort();
  const edges: ProductPage['edges'] = [];
  for (let place = count - 1; place >= 0 && edges.length < first; place -= 1) {
    const score = Math.floor(ranked[place] / TIE_SPAN);
    const entry = index.entries[index.slotAtIdRank(ranked[place] - score * TIE_SPAN)];
    edges.push(edgeOf(() => ({ sort: ProductSort.RELEVANCE, key: score, id: new ObjectId(entry.product.id) }), entry.product));
  }
  return { edges, hasNextPage: count > first, totalCount };
}
