import { ObjectId } from 'mongodb';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../runtime/graphql/cursor';
import { ProductSort } from '../entities/product-sort';

/**
 * Where a page ended in one order: the order, the last product's sort key and its id. Every order breaks
 * ties by id, so the position is exact and the next page neither repeats nor skips a product.
 */
export interface ProductCursor {
  sort: ProductSort;
  key: number | string;
  id: ObjectId;
}

export function encodeProductCursor(cursor: ProductCursor): string {
  return encodeCursor([cursor.sort, cursor.key, cursor.id.toHexString()]);
}

/** BAD_USER_INPUT on `after` for a cursor not issued here, or issued for another order. */
export function decodeProductCursor(value: string, sort: ProductSort): ProductCursor {
  const position = decodeCursor(value, 'after');
  if (!Array.isArray(position) || position.length !== 3) throw invalidCursor();
  const [cursorSort, key, id] = position as unknown[];
  const keyOk = (typeof key === 'number' && Number.isFinite(key)) || (typeof key === 'string' && key.length <= 300);
  if (cursorSort !== sort || !keyOk || typeof id !== 'string' || !/^[0-9a-f]{24}$/.test(id)) throw invalidCursor();
  return { sort, key: key, id: new ObjectId(id) };
}
