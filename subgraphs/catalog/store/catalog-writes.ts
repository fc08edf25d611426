import type { ObjectId } from 'mongodb';
import type { CategoryDocument } from './product.document';

/** One change of a product's stock, as the ledger made it (its version and the units before and after). */
export interface StockTransition {
  productId: ObjectId;
  version: number;
  before: number;
  after: number;
}

/**
 * What the stores tell once a write is in the store, before the write returns: the catalog process keeps its
 * read model in step (read-your-writes) and tells the other replicas (see read-model/). Scripts that write
 * without a running catalog (`npm run seed`) pass nothing: replicas catch those writes up from the store.
 */
export interface CatalogWrites {
  /** The product's document was inserted or changed in the store: whatever holds a copy reads it again. */
  productChanged(productId: ObjectId): Promise<void>;
  /** The ledger took this change (its stock copy on the product is synced already). */
  stockChanged(transition: StockTransition): Promise<void>;
  categoryCreated(document: CategoryDocument): Promise<void>;
}

export const NO_WRITE_LISTENER: CatalogWrites = {
  productChanged: async () => {},
  stockChanged: async () => {},
  categoryCreated: async () => {},
};
