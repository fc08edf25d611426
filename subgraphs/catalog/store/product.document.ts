import type { ObjectId } from 'mongodb';
import type { ProductText, Translations } from '../entities/locale';

/** How a product is stored in the `products` collection. */
export interface ProductDocument {
  _id: ObjectId;
  slug: string;
  name: string;
  /** The name in lower case without accents: the NAME sort (FerretDB has no collations). */
  nameKey: string;
  description: string;
  categoryId: ObjectId | null;
  occasions: string[];
  colours: string[];
  flowerTypes: string[];
  tags: string[];
  /** The texts in other languages; absent on documents written before (their one text serves every language). */
  translations?: Translations<ProductText>;
  priceMinor: number;
  currency: string;
  images: Array<{ url: string; alt: string }>;
  /**
   * A copy of the newest stock ledger entry (`stockVersion` is its version; 0 = the stock given at creation);
   * the ledger is the truth, see stock.store.ts.
   */
  stock: number;
  stockVersion: number;
  active: boolean;
  /** Denormalised from the reviews service's `reviews.rating.changed` events, for the RATING sort; 0 = unrated. */
  ratingAverage: number;
  ratingCount: number;
  /** When the rating event applied last was raised: an older event arriving late is ignored. */
  ratingAsOf: Date | null;
  createdAt: Date;
  updatedAt: Date;
  /** When any write touched it last (stock and rating included; see change-stamp.ts); absent on documents written before. */
  changedAt?: Date;
  changedBucket?: Date;
}

/** How a category is stored in the `categories` collection. */
export interface CategoryDocument {
  _id: ObjectId;
  slug: string;
  name: string;
  /** The name in other languages; absent on documents written before. */
  translations?: Translations<{ name: string }>;
  parentId: ObjectId | null;
  /** From the root down to the parent: a subtree is `{ ancestorIds: id }` plus the category itself. */
  ancestorIds: ObjectId[];
  createdAt: Date;
  changedAt?: Date;
  changedBucket?: Date;
}

/** One stock change, in `stock_ledger`; `{ productId, version }` is unique, so exactly one writer wins each version. */
export interface StockLedgerDocument {
  /**
   * A new ObjectId for a plain adjustment; for a reservation's entries `reserve:<reservationId>:<productId>`
   * or `release:<reservationId>:<productId>`, so each can be written once only (see stock-reservations.ts).
   */
  _id: ObjectId | string;
  productId: ObjectId;
  version: number;
  delta: number;
  stockAfter: number;
  /** Set on the entries of a reservation (reserve: delta < 0, release: delta > 0). */
  reservationId?: string;
  createdAt: Date;
}
